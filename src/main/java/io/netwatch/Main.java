package io.netwatch;

import io.netwatch.ops.Metrics;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Deployable;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code java -jar netwatch.jar [-conf file|json] [-cluster ...]}: the Vert.x launcher with
 * {@link PlatformVerticle} as main verticle, and an orderly shutdown on SIGTERM or Ctrl-C: ingest
 * stops accepting first, consumers finish and acknowledge what is in flight, persistence goes last.
 */
public final class Main implements VertxApplicationHooks {
  private static final Logger log = LoggerFactory.getLogger(Main.class);
  private static final long SHUTDOWN_GRACE_SECONDS = 30;

  private final String configFile;

  private Main(String configFile) {
    this.configFile = configFile;
  }

  public static void main(String[] args) {
    int exitCode = new VertxApplication(args, new Main(configFileArgument(args))).launch();
    if (exitCode != 0) System.exit(exitCode);
  }

  /** The file given with -conf, if it is one (it may also be inline JSON): watched for changes. */
  private static String configFileArgument(String[] args) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("-conf") && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(args[i + 1]))) {
        return args[i + 1];
      }
    }
    return null;
  }

  @Override
  public JsonObject afterConfigParsed(JsonObject config) {
    JsonObject parsed = config == null ? new JsonObject() : config;
    if (configFile != null) parsed.put(PlatformVerticle.CONFIG_FILE, configFile);
    return parsed;
  }

  @Override
  public JsonObject afterVertxOptionsParsed(JsonObject vertxOptions) {
    // The hooks get null when the option was not given on the command line.
    JsonObject options = vertxOptions == null ? new JsonObject() : vertxOptions;
    if (!options.containsKey("metricsOptions")) options.put("metricsOptions", Metrics.vertxMetricsOptions());
    return options;
  }

  @Override
  public Supplier<? extends Deployable> verticleSupplier() {
    return PlatformVerticle::new;
  }

  @Override
  public void beforeStoppingVertx(HookContext context) {
    log.info("shutting down: undeploying in reverse order");
    try {
      // Runs on the JVM's shutdown-hook thread, never an event loop: waiting here is fine.
      context.vertx().eventBus()
          .request(PlatformVerticle.SHUTDOWN_ADDRESS, null,
              new DeliveryOptions().setSendTimeout(TimeUnit.SECONDS.toMillis(SHUTDOWN_GRACE_SECONDS)))
          .await(SHUTDOWN_GRACE_SECONDS + 5, TimeUnit.SECONDS);
      log.info("all verticles stopped");
    } catch (Exception e) {
      log.warn("orderly shutdown incomplete: {}", e.getMessage());
    }
  }
}
