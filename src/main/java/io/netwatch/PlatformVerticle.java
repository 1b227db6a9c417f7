package io.netwatch;

import io.netwatch.config.DeploymentPlan;
import io.netwatch.config.DeploymentPlan.VerticleSpec;
import io.netwatch.config.Settings;
import io.netwatch.config.StandardVerticle;
import io.netwatch.config.Tokens;
import io.netwatch.model.PlainJson;
import io.netwatch.ops.AdminProtocol;
import io.netwatch.ops.ConfigFileWatch;
import io.netwatch.ops.NodeAdmin;
import io.netwatch.ops.NodeDeployments;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.UUID;

/**
 * The main verticle of a node: deploys, in order, the verticles that the config (-conf) lists, each with
 * its instances and config (with no list, all five in this JVM; environment variables override the
 * file). It serves /health, /ready and /metrics for this node ({@link NodeManagement}), answers the admin
 * API's requests for this node ({@link NodeAdmin}), publishes what it runs and its management address in
 * the cluster-wide map {@value AdminProtocol#NODES_MAP}, and applies changes to the config file while
 * running ({@link ConfigFileWatch}).
 */
public final class PlatformVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(PlatformVerticle.class);
  /** Local address on which {@link Main} asks for the orderly shutdown. */
  static final String SHUTDOWN_ADDRESS = "netwatch.platform.shutdown";
  /** Config key naming the file the config came from, watched for changes (set by {@link Main}). */
  public static final String CONFIG_FILE = "config_file";
  /** Config key with the host the clustered event bus announces (set by {@link Main}), for the management address. */
  public static final String CLUSTER_HOST = "cluster_host";
  private static final long STATE_TTL_MS = 15_000;
  private static final int CORES = Runtime.getRuntime().availableProcessors();

  private final Map<String, String> environment;
  private NodeDeployments deployments;
  private AsyncMap<String, JsonObject> nodes;
  private ConfigFileWatch configWatch;
  private NodeManagement management;

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
    deployments = new NodeDeployments(vertx, nodeId(), environment, CORES, plan.shared());
    answerShutdown();
    return openNodesMap()
        .compose(v -> NodeAdmin.answer(vertx, deployments))
        .compose(v -> deployments.deployAll(plan.verticles()))
        .compose(v -> NodeManagement.start(vertx, plan, config().getString(CLUSTER_HOST)))
        .onSuccess(started -> management = started)
        .onSuccess(v -> publishStateWhileRunning())
        .compose(v -> watchConfigFile())
        .onSuccess(v -> announce(plan));
  }

  @Override
  public Future<?> stop() {
    if (configWatch != null) configWatch.close();
    Future<?> closed = management == null ? Future.succeededFuture() : management.close();
    Future<?> removed = nodes == null ? Future.succeededFuture() : nodes.remove(deployments.nodeId());
    return Future.join(closed, removed);
  }

  private DeploymentPlan plan(JsonObject config) {
    return DeploymentPlan.from(PlainJson.map(config), environment, CORES);
  }

  /** The node's name in the logs (set by {@link Main}) plus a few random characters: unique per deployment. */
  private String nodeId() {
    String node = System.getProperty("netwatch.node");
    if (node == null) node = "node-" + ProcessHandle.current().pid();
    return node + "-" + UUID.randomUUID().toString().substring(0, 4);
  }

  private void answerShutdown() {
    vertx.eventBus().localConsumer(SHUTDOWN_ADDRESS, message ->
        deployments.undeployAllInReverse().onComplete(ar -> message.reply(null)));
  }

  private Future<Void> openNodesMap() {
    return vertx.sharedData().<String, JsonObject>getAsyncMap(AdminProtocol.NODES_MAP)
        .onSuccess(map -> nodes = map)
        .mapEmpty();
  }

  /** On every change and before the entry expires, so the map only holds nodes that still run. */
  private void publishStateWhileRunning() {
    deployments.onChange(this::publishState);
    publishState();
    vertx.setPeriodic(STATE_TTL_MS / 3, id -> publishState());
  }

  private void publishState() {
    nodes.put(deployments.nodeId(), deployments.describe().put("management", management.address()), STATE_TTL_MS);
  }

  /** Only when the config came from a file (not inline JSON, not a test's deployment options). */
  private Future<Void> watchConfigFile() {
    String file = config().getString(CONFIG_FILE);
    if (file == null) return Future.succeededFuture();
    return ConfigFileWatch.start(vertx, file, config(), this::applyConfigFile)
        .onSuccess(watch -> configWatch = watch)
        .mapEmpty();
  }

  /** Redeploys only the verticles whose config changed; a config the plan refuses is logged and ignored. */
  private Future<?> applyConfigFile(JsonObject config) {
    String file = config().getString(CONFIG_FILE);
    DeploymentPlan plan;
    try {
      plan = plan(config);
    } catch (RuntimeException e) {
      log.error("{} changed but is not valid, ignored: {}", file, e.getMessage());
      return Future.succeededFuture();
    }
    return deployments.apply(plan)
        .onSuccess(changed -> log.info("{} changed: redeployed {}", file, changed.isEmpty() ? "nothing" : changed))
        .onFailure(err -> log.error("{} changed but could not be applied: {}", file, err.getMessage()));
  }

  private void announce(DeploymentPlan plan) {
    log.info("HTTP servers listen on {}: {}", plan.bindHost().host(), plan.bindHost().reason());
    String host = urlHost(plan.bindHost().host());
    for (VerticleSpec spec : plan.verticles()) {
      Settings settings = new Settings(spec.config());
      if (spec.is(StandardVerticle.DASHBOARD)) {
        String viewerToken = settings.string(Settings.VIEWER_TOKEN);
        String url = "http://" + host + ":" + settings.integer(Settings.WEB_PORT) + "/";
        if (viewerToken == null || viewerToken.isBlank()) {
          log.info("dashboard: {} (open, no login: VIEWER_TOKEN is not set)", url);
        } else {
          log.info("dashboard: {} (log in at {}login.html with VIEWER_TOKEN)", url, url);
        }
      }
      if (spec.is(StandardVerticle.INGEST)) {
        String token = settings.string(Settings.INGESTION_TOKEN);
        boolean devToken = Tokens.DEV_FALLBACKS.get(Settings.INGESTION_TOKEN).equals(token);
        log.info("ingest:    POST http://{}:{}{} {}", host, settings.integer(Settings.INGEST_PORT),
            settings.string(Settings.INGESTION_PATH),
            devToken ? "with 'Authorization: Bearer " + token + "' (development token)" : "with INGESTION_TOKEN");
      }
    }
  }

  /** Where a browser on this machine reaches a server listening on {@code bindHost}. */
  private static String urlHost(String bindHost) {
    if (bindHost.equals("0.0.0.0") || bindHost.startsWith("127.") || bindHost.equals("localhost")) return "localhost";
    return bindHost.contains(":") && !bindHost.startsWith("[") ? "[" + bindHost + "]" : bindHost;
  }
}
