package io.netwatch;

import io.netwatch.ops.Metrics;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Deployable;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netwatch.config.Settings;
import io.netwatch.embedded.EmbeddedDatastores;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code java -jar netwatch.jar [-conf file|json] [-cluster ...]}: the Vert.x launcher with
 * {@link PlatformVerticle} as main verticle, and an orderly shutdown on SIGTERM or Ctrl-C: ingest
 * stops accepting first, consumers finish and acknowledge what is in flight, persistence goes last.
 */
public final class Main implements VertxApplicationHooks {
  static {
    // Before the first logger: every log line names the node it comes from.
    if (System.getProperty("netwatch.node") == null) {
      String host = System.getenv("HOSTNAME");
      System.setProperty("netwatch.node", (host == null || host.isBlank() ? "node" : host) + "-"
          + ProcessHandle.current().pid());
    }
  }

  /** Created on first use: the sensor mode never logs, and initialising logback costs it 0.2-0.3 s of start. */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(Main.class);
  }

  private static final long SHUTDOWN_GRACE_SECONDS = 30;

  private static final Path DATA_DIR = Path.of(System.getProperty(EmbeddedDatastores.DATA_DIR_PROPERTY, "data"));

  private final String configFile;
  private final boolean clustered;
  /** The process environment laid over the .env file: what every setting is read from. */
  private final Map<String, String> environment;
  private EmbeddedDatastores datastores;
  private final java.util.concurrent.CountDownLatch vertxStopped = new java.util.concurrent.CountDownLatch(1);

  private Main(String configFile, boolean clustered, Map<String, String> environment) {
    this.configFile = configFile;
    this.clustered = clustered;
    this.environment = environment;
  }

  public static void main(String[] args) {
    if (args.length > 0 && "sensor".equals(args[0])) {
      // The sensor mode: reads captures and posts to a platform; it starts none of the platform.
      System.exit(io.netwatch.capture.SensorCommand.run(Arrays.copyOfRange(args, 1, args.length)));
      return;
    }
    String configFile;
    LaunchArguments launch;
    Map<String, String> environment;
    try {
      launch = LaunchArguments.parse(args);
      configFile = StartupFailure.configFile(launch.launcherArgs());
      environment = launch.environment(System.getenv());
    } catch (IllegalArgumentException e) {
      StartupFailure.report(e.getMessage());
      System.exit(StartupFailure.EXIT_CONFIG);
      return;
    }
    Main hooks = new Main(configFile, Arrays.asList(args).contains("-cluster"), environment);
    // exitOnFailure false: the launcher must return here, so that no failure ends the process unexplained.
    int exitCode = new VertxApplication(launch.launcherArgs(), hooks, true, false) { }.launch();
    if (exitCode != 0) {
      hooks.stopDatastores();
      if (!StartupFailure.reported()) {
        StartupFailure.report("the launcher stopped with exit code " + exitCode + "; the log above says why");
      }
      System.exit(exitCode);
    }
  }

  @Override
  public JsonObject afterConfigParsed(JsonObject config) {
    JsonObject parsed = config == null ? new JsonObject() : config;
    if (configFile != null) parsed.put(PlatformVerticle.CONFIG_FILE, configFile);
    try {
      if (!clustered) useEmbeddedDatastoresIfNeeded(parsed);
    } catch (RuntimeException e) {
      // The launcher turns an exception thrown here into an exit code without a word: say it first.
      StartupFailure.report(StartupFailure.explain(e));
      throw e;
    }
    return parsed;
  }

  @Override
  public void afterFailureToStartVertx(HookContext context, Throwable error) {
    StartupFailure.report(StartupFailure.explain(error));
  }

  @Override
  public void afterFailureToDeployVerticle(HookContext context, Throwable error) {
    StartupFailure.report(StartupFailure.explain(error));
  }

  /**
   * On a single machine with neither Redis nor PostgreSQL (none configured, none answering locally),
   * starts real embedded ones with their data under ./data. A cluster is expected to have real servers.
   */
  private void useEmbeddedDatastoresIfNeeded(JsonObject config) {
    datastores = EmbeddedDatastores.resolve(config.getString(Settings.REDIS_URL),
        config.getString(Settings.DATABASE_URL), environment, DATA_DIR);
    if (datastores.startedAny()) {
      config.put(Settings.REDIS_URL, datastores.redisUrl()).put(Settings.DATABASE_URL, datastores.databaseUrl());
      // Ctrl-C or a failed start must not leave them running; afterVertxStopped covers the normal stop.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        // After Vert.x has drained what was in flight (it stops in the launcher's own shutdown hook).
        try {
          vertxStopped.await(SHUTDOWN_GRACE_SECONDS + 10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        stopDatastores();
      }, "embedded-datastores-stop"));
    }
  }

  private synchronized void stopDatastores() {
    vertxStopped.countDown();
    if (datastores != null) {
      datastores.close();
      datastores = null;
    }
  }

  @Override
  public void afterVertxStopped(HookContext context) {
    stopDatastores();
  }

  @Override
  public JsonObject afterVertxOptionsParsed(JsonObject vertxOptions) {
    // The hooks get null when the option was not given on the command line.
    JsonObject options = vertxOptions == null ? new JsonObject() : vertxOptions;
    if (!options.containsKey("metricsOptions")) options.put("metricsOptions", Metrics.vertxMetricsOptions());
    return options;
  }

  /** The host the clustered event bus announces (-cluster-public-host, else -cluster-host), for the node list. */
  @Override
  public void beforeDeployingVerticle(HookContext context) {
    JsonObject config = context.deploymentOptions().getConfig();
    if (!clustered || config == null) return;
    EventBusOptions bus = context.vertxOptions().getEventBusOptions();
    String host = bus.getClusterPublicHost() != null ? bus.getClusterPublicHost() : bus.getHost();
    if (host != null) config.put(PlatformVerticle.CLUSTER_HOST, host);
  }

  @Override
  public Supplier<? extends Deployable> verticleSupplier() {
    return () -> new PlatformVerticle(environment);
  }

  @Override
  public void beforeStoppingVertx(HookContext context) {
    Log.LOG.info("shutting down: undeploying in reverse order");
    try {
      // Runs on the JVM's shutdown-hook thread, never an event loop: waiting here is fine.
      context.vertx().eventBus()
          .request(PlatformVerticle.SHUTDOWN_ADDRESS, null,
              new DeliveryOptions().setSendTimeout(TimeUnit.SECONDS.toMillis(SHUTDOWN_GRACE_SECONDS)))
          .await(SHUTDOWN_GRACE_SECONDS + 5, TimeUnit.SECONDS);
      Log.LOG.info("all verticles stopped");
    } catch (Exception e) {
      Log.LOG.warn("orderly shutdown incomplete: {}", e.getMessage());
    }
  }
}
