package io.netwatch;

import io.netwatch.model.PlainJson;
import io.netwatch.config.DeploymentPlan;
import io.netwatch.config.DeploymentPlan.VerticleSpec;
import io.netwatch.config.Settings;
import io.netwatch.config.Tokens;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The main verticle: deploys, in order, the verticles that the config file (-conf) lists, each with its
 * instances and config; with no list, all five in this JVM. Environment variables override the file.
 */
public final class PlatformVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(PlatformVerticle.class);
  /** Local address on which {@link Main} asks for the orderly shutdown. */
  static final String SHUTDOWN_ADDRESS = "netwatch.platform.shutdown";

  private final Map<String, String> environment;
  /** Deployment ids in deployment order; undeployed in reverse. */
  private final List<String> deployed = new ArrayList<>();

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
      plan = DeploymentPlan.from(PlainJson.map(config()), environment, Runtime.getRuntime().availableProcessors());
    } catch (IllegalArgumentException | IllegalStateException e) {
      log.error("not starting: {}", e.getMessage());
      return Future.failedFuture(e);
    }
    plan.warnings().forEach(w -> log.warn("!!! {}", w));
    vertx.eventBus().localConsumer(SHUTDOWN_ADDRESS, message -> undeployInReverse().onComplete(ar -> message.reply(null)));
    Future<?> all = Future.succeededFuture();
    for (VerticleSpec spec : plan.verticles()) {
      all = all.compose(v -> deploy(spec));
    }
    return all.onSuccess(v -> announce(plan));
  }

  /** Ingest stops first and persistence last, so that what is in flight can finish and be acknowledged. */
  private Future<Void> undeployInReverse() {
    Future<Void> chain = Future.succeededFuture();
    for (int i = deployed.size() - 1; i >= 0; i--) {
      String id = deployed.get(i);
      chain = chain.compose(v -> vertx.undeploy(id).recover(err -> Future.succeededFuture()));
    }
    return chain.onComplete(ar -> deployed.clear());
  }

  private Future<String> deploy(VerticleSpec spec) {
    DeploymentOptions options = new DeploymentOptions()
        .setConfig(new JsonObject(spec.config()))
        .setInstances(spec.instances());
    if (spec.worker()) {
      options.setThreadingModel(ThreadingModel.WORKER)
          .setWorkerPoolName("netwatch-" + spec.name())
          .setWorkerPoolSize(spec.instances());
    }
    return vertx.deployVerticle(spec.className(), options)
        .onSuccess(deployed::add)
        .onSuccess(id -> log.info("deployed {} x{} ({})", spec.name(), spec.instances(), spec.className()))
        .onFailure(err -> log.error("could not deploy {}: {}", spec.name(), err.getMessage()));
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
