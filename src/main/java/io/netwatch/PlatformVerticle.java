package io.netwatch;

import io.netwatch.config.DeploymentPlan;
import io.netwatch.config.DeploymentPlan.VerticleSpec;
import io.netwatch.config.Settings;
import io.netwatch.config.Tokens;
import io.netwatch.model.PlainJson;
import io.netwatch.ops.AdminProtocol;
import io.netwatch.ops.NodeDeployments;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.UUID;

/**
 * The main verticle of a node: deploys, in order, the verticles that the config (-conf) lists, each with
 * its instances and config (with no list, all five in this JVM; environment variables override the
 * file). It answers the admin API's requests for this node, publishes what it runs in the cluster-wide
 * map {@value AdminProtocol#NODES_MAP}, and applies changes to the config file while running.
 */
public final class PlatformVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(PlatformVerticle.class);
  /** Local address on which {@link Main} asks for the orderly shutdown. */
  static final String SHUTDOWN_ADDRESS = "netwatch.platform.shutdown";
  /** Config key naming the file the config came from, watched for changes (set by {@link Main}). */
  public static final String CONFIG_FILE = "config_file";
  private static final long STATE_TTL_MS = 15_000;
  private static final long WATCH_INTERVAL_MS = 2_000;

  private final Map<String, String> environment;
  private NodeDeployments deployments;
  private AsyncMap<String, JsonObject> nodes;
  private MessageConsumer<JsonObject> adminConsumer;
  private String configFile;
  private long configFileModified;
  private boolean applyingFile;

  public PlatformVerticle() {
    this(System.getenv());
  }

  /** With an explicit environment (tests pass their own, so the machine's variables cannot leak in). */
  public PlatformVerticle(Map<String, String> environment) {
    this.environment = environment;
  }

  /** For running from an IDE: the same as {@code java -jar netwatch.jar [-conf file] [-cluster]}. */
  public static void main(String[] args) {
    Main.main(args);
  }

  @Override
  public Future<?> start() {
    DeploymentPlan plan;
    try {
      plan = plan(config());
    } catch (IllegalArgumentException | IllegalStateException e) {
      log.error("not starting: {}", e.getMessage());
      return Future.failedFuture(e);
    }
    plan.warnings().forEach(w -> log.warn("!!! {}", w));
    String nodeId = nodeId();
    deployments = new NodeDeployments(vertx, nodeId, environment, Runtime.getRuntime().availableProcessors(),
        plan.shared());
    configFile = config().getString(CONFIG_FILE);
    vertx.eventBus().localConsumer(SHUTDOWN_ADDRESS, message ->
        deployments.undeployAllInReverse().onComplete(ar -> message.reply(null)));
    adminConsumer = vertx.eventBus().consumer(AdminProtocol.nodeAddress(nodeId), this::onAdminRequest);
    return vertx.sharedData().<String, JsonObject>getAsyncMap(AdminProtocol.NODES_MAP)
        .onSuccess(map -> nodes = map)
        .compose(map -> adminConsumer.completion())
        .compose(v -> deployments.deployAll(plan.verticles()))
        .onSuccess(v -> {
          deployments.onChange(this::publishState);
          publishState();
          vertx.setPeriodic(STATE_TTL_MS / 3, id -> publishState());
          if (configFile != null) watchConfigFile();
          announce(plan);
        });
  }

  @Override
  public Future<?> stop() {
    return nodes == null ? Future.succeededFuture() : nodes.remove(deployments.nodeId()).mapEmpty();
  }

  private DeploymentPlan plan(JsonObject config) {
    return DeploymentPlan.from(PlainJson.map(config), environment, Runtime.getRuntime().availableProcessors());
  }

  /** The node's name in the logs (set by {@link Main}) plus a few random characters: unique per deployment. */
  private String nodeId() {
    String node = System.getProperty("netwatch.node");
    if (node == null) node = "node-" + ProcessHandle.current().pid();
    return node + "-" + UUID.randomUUID().toString().substring(0, 4);
  }

  private void publishState() {
    if (nodes != null) nodes.put(deployments.nodeId(), deployments.describe(), STATE_TTL_MS);
  }

  private void onAdminRequest(Message<JsonObject> message) {
    JsonObject request = message.body();
    String name = request.getString("name");
    Future<?> done = switch (request.getString("action", "")) {
      case AdminProtocol.DEPLOY -> deployNew(request);
      case AdminProtocol.REDEPLOY -> deployments.redeploy(name,
          PlainJson.map(request.getJsonObject("config", new JsonObject())), request.getInteger("instances"));
      case AdminProtocol.UNDEPLOY -> deployments.undeploy(name);
      default -> Future.failedFuture(new IllegalArgumentException("unknown action"));
    };
    done.onSuccess(result -> message.reply(new JsonObject().put("node", deployments.nodeId()).put("name", name)
            .put("deployment_id", result instanceof String id ? id : null)))
        .onFailure(err -> message.fail(AdminProtocol.failureCode(err), String.valueOf(err.getMessage())));
  }

  private Future<String> deployNew(JsonObject request) {
    try {
      String name = request.getString("name");
      String className = request.getString("class");
      if (className == null) {
        className = DeploymentPlan.ALL_IN_ONE.stream().filter(e -> name.equals(e.get("name")))
            .map(e -> (String) e.get("class")).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("class is required for a verticle named " + name));
      }
      boolean worker = request.getValue("worker") instanceof Boolean b ? b : className.endsWith(".ScorerVerticle");
      Map<String, Object> entry = DeploymentPlan.entry(name, className, request.getInteger("instances", 1), worker);
      entry.put("config", PlainJson.map(request.getJsonObject("config", new JsonObject())));
      VerticleSpec spec = DeploymentPlan.spec(entry, deployments.sharedConfig(), environment, deployments.cores());
      return deployments.deploy(spec);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Polls the config file; a change redeploys only the verticles whose config changed. */
  private void watchConfigFile() {
    vertx.fileSystem().props(configFile).onSuccess(props -> configFileModified = props.lastModifiedTime());
    vertx.setPeriodic(WATCH_INTERVAL_MS, id -> {
      if (applyingFile) return;
      vertx.fileSystem().props(configFile).onSuccess(props -> {
        if (props.lastModifiedTime() == configFileModified) return;
        configFileModified = props.lastModifiedTime();
        applyingFile = true;
        vertx.fileSystem().readFile(configFile)
            .compose(this::applyConfigFile)
            .onComplete(ar -> applyingFile = false);
      });
    });
  }

  private Future<Void> applyConfigFile(Buffer content) {
    DeploymentPlan plan;
    try {
      plan = plan(new JsonObject(content).put(CONFIG_FILE, configFile));
    } catch (RuntimeException e) {
      log.error("{} changed but is not valid, ignored: {}", configFile, e.getMessage());
      return Future.succeededFuture();
    }
    return deployments.apply(plan)
        .onSuccess(changed -> log.info("{} changed: redeployed {}", configFile, changed.isEmpty() ? "nothing" : changed))
        .onFailure(err -> log.error("{} changed but could not be applied: {}", configFile, err.getMessage()))
        .<Void>mapEmpty()
        .recover(err -> Future.succeededFuture());
  }

  private void announce(DeploymentPlan plan) {
    for (VerticleSpec spec : plan.verticles()) {
      Settings settings = new Settings(spec.config());
      if (spec.className().endsWith(".DashboardVerticle")) {
        log.info("dashboard: http://localhost:{}/", settings.integer(Settings.WEB_PORT));
      }
      if (spec.className().endsWith(".IngestVerticle")) {
        String token = settings.string(Settings.INGESTION_TOKEN);
        boolean devToken = Tokens.DEV_FALLBACKS.get(Settings.INGESTION_TOKEN).equals(token);
        log.info("ingest:    POST http://localhost:{}{} {}", settings.integer(Settings.INGEST_PORT),
            settings.string(Settings.INGESTION_PATH),
            devToken ? "with 'Authorization: Bearer " + token + "' (development token)" : "with INGESTION_TOKEN");
      }
    }
  }
}
