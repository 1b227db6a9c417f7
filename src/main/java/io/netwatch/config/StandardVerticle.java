package io.netwatch.config;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.netwatch.config.Settings.ADMIN_TOKEN;
import static io.netwatch.config.Settings.ANOMALY_WORKER_TOKEN;
import static io.netwatch.config.Settings.BATCH_SIZE;
import static io.netwatch.config.Settings.BIND_HOST;
import static io.netwatch.config.Settings.BLOCK_MS;
import static io.netwatch.config.Settings.CLAIM_IDLE_MS;
import static io.netwatch.config.Settings.CONSUMER_GROUP;
import static io.netwatch.config.Settings.CONSUMER_NAME;
import static io.netwatch.config.Settings.DATABASE_URL;
import static io.netwatch.config.Settings.DETECTORS;
import static io.netwatch.config.Settings.DRAIN_GRACE_MS;
import static io.netwatch.config.Settings.HEADER_TIMEOUT_MS;
import static io.netwatch.config.Settings.IDLE_TIMEOUT_SECONDS;
import static io.netwatch.config.Settings.INGESTION_PATH;
import static io.netwatch.config.Settings.INGESTION_TOKEN;
import static io.netwatch.config.Settings.INGEST_PORT;
import static io.netwatch.config.Settings.MAX_BODY_BYTES;
import static io.netwatch.config.Settings.MAX_CONNECTIONS;
import static io.netwatch.config.Settings.MAX_CONNECTIONS_PER_SOURCE;
import static io.netwatch.config.Settings.MAX_DELIVERIES;
import static io.netwatch.config.Settings.MAX_IN_FLIGHT;
import static io.netwatch.config.Settings.MAX_CLOCK_SKEW_S;
import static io.netwatch.config.Settings.MAX_PAYLOAD_HEX;
import static io.netwatch.config.Settings.PG_POOL_SIZE;
import static io.netwatch.config.Settings.PUBLIC_URL;
import static io.netwatch.config.Settings.REDIS_STREAM_NAME;
import static io.netwatch.config.Settings.REDIS_MODE;
import static io.netwatch.config.Settings.STREAM_SHARDS;
import static io.netwatch.config.Settings.REDIS_TIMEOUT_MS;
import static io.netwatch.config.Settings.REDIS_URL;
import static io.netwatch.config.Settings.RETENTION_ALERTS_DAYS;
import static io.netwatch.config.Settings.RETENTION_RAW_HOURS;
import static io.netwatch.config.Settings.RETENTION_ROLLUP_DAYS;
import static io.netwatch.config.Settings.SHED_BACKLOG;
import static io.netwatch.config.Settings.SHED_HOLD_MS;
import static io.netwatch.config.Settings.STORE_MIN_SEVERITY;
import static io.netwatch.config.Settings.STREAM_MAX_LEN;
import static io.netwatch.config.Settings.TRIM_INTERVAL_MS;
import static io.netwatch.config.Settings.VIEWER_TOKEN;
import static io.netwatch.config.Settings.WEB_PORT;

/**
 * The platform's seven verticles, in deployment order (persistence first, ingest last): class, default
 * instances, threading, and the shared settings each one reads (itself or through RedisConfig, PgConfig,
 * ReadinessChecks, ServerConnections, and for the dashboard the IngestHandler it shares with ingest). A
 * standard verticle is given only those, plus its entry's own config.
 */
public enum StandardVerticle {
  PERSISTENCE("persistence", "io.netwatch.persistence.PersistenceVerticle", 1, false,
      DATABASE_URL, PG_POOL_SIZE, RETENTION_RAW_HOURS, RETENTION_ALERTS_DAYS, RETENTION_ROLLUP_DAYS, STORE_MIN_SEVERITY),
  /** A worker: its instances come from THREAD_COUNT (0 = one per core), hence 0 here. */
  SCORER("scorer", "io.netwatch.scoring.ScorerVerticle", 0, true,
      MAX_PAYLOAD_HEX, StandardVerticle.SCORING_RULES),
  DETECTOR("detector", "io.netwatch.detection.DetectionVerticle", 1, false,
      REDIS_URL, REDIS_MODE, REDIS_TIMEOUT_MS, REDIS_STREAM_NAME, DATABASE_URL, PG_POOL_SIZE,
      StandardVerticle.DETECTION_RULES, Settings.DETECTION_MEMCAP_MB, Settings.DETECTION_LATENESS_S,
      Settings.DETECTION_REDIS_URL),
  /** Alert delivery (notify/): the outbox to Alertmanager, webhooks and syslog. */
  NOTIFIER("notifier", "io.netwatch.notify.NotifierVerticle", 1, false, DATABASE_URL, PG_POOL_SIZE, PUBLIC_URL,
      StandardVerticle.NOTIFY_TIMING),
  STREAM_CONSUMER("stream-consumer", "io.netwatch.stream.StreamConsumerVerticle", 1, false,
      DETECTORS, REDIS_URL, REDIS_MODE, REDIS_TIMEOUT_MS, REDIS_STREAM_NAME, STREAM_SHARDS, CONSUMER_GROUP, CONSUMER_NAME, BATCH_SIZE, BLOCK_MS,
      MAX_IN_FLIGHT, CLAIM_IDLE_MS, MAX_DELIVERIES, TRIM_INTERVAL_MS),
  DASHBOARD("dashboard", "io.netwatch.dashboard.DashboardVerticle", 1, false,
      WEB_PORT, ANOMALY_WORKER_TOKEN, ADMIN_TOKEN, VIEWER_TOKEN, MAX_PAYLOAD_HEX, DATABASE_URL, PG_POOL_SIZE,
      REDIS_URL, REDIS_MODE, REDIS_TIMEOUT_MS, REDIS_STREAM_NAME, STREAM_SHARDS, STREAM_MAX_LEN, SHED_BACKLOG, SHED_HOLD_MS,
      INGESTION_PATH, INGESTION_TOKEN, MAX_BODY_BYTES, MAX_CLOCK_SKEW_S,
      BIND_HOST, HEADER_TIMEOUT_MS, IDLE_TIMEOUT_SECONDS, MAX_CONNECTIONS, MAX_CONNECTIONS_PER_SOURCE),
  INGEST("ingest", "io.netwatch.ingest.IngestVerticle", 1, false,
      INGEST_PORT, INGESTION_PATH, INGESTION_TOKEN, MAX_BODY_BYTES, MAX_PAYLOAD_HEX, MAX_CLOCK_SKEW_S,
      REDIS_URL, REDIS_MODE, REDIS_TIMEOUT_MS, REDIS_STREAM_NAME, STREAM_SHARDS, STREAM_MAX_LEN, SHED_BACKLOG, SHED_HOLD_MS,
      BIND_HOST, HEADER_TIMEOUT_MS, IDLE_TIMEOUT_SECONDS, MAX_CONNECTIONS, MAX_CONNECTIONS_PER_SOURCE,
      DRAIN_GRACE_MS);

  /** The scorer's rules object: in its entry's config, or at the top level for every scorer. */
  public static final String SCORING_RULES = "scoring";
  /** The notifier's timing object ({"tick_ms", "sweep_ms"}): in its entry's config, or at the top level. */
  public static final String NOTIFY_TIMING = "notify";
  /** The detectors' rules object: in its entry's config, or at the top level. */
  public static final String DETECTION_RULES = "detection";

  private final String verticleName;
  private final String className;
  private final int defaultInstances;
  private final boolean worker;
  private final Set<String> settings;

  StandardVerticle(String verticleName, String className, int defaultInstances, boolean worker,
                   String... settings) {
    this.verticleName = verticleName;
    this.className = className;
    this.defaultInstances = defaultInstances;
    this.worker = worker;
    this.settings = Set.of(settings);
  }

  /** The name it is deployed and administered under: "persistence", "scorer", ... */
  public String verticleName() {
    return verticleName;
  }

  public String className() {
    return className;
  }

  public int defaultInstances() {
    return defaultInstances;
  }

  public boolean worker() {
    return worker;
  }

  /** The shared config keys this verticle reads. */
  public Set<String> settings() {
    return settings;
  }

  public static Optional<StandardVerticle> named(String name) {
    return Arrays.stream(values()).filter(v -> v.verticleName.equals(name)).findFirst();
  }

  /** The standard verticle a class is, whatever name its entry gives it. */
  public static Optional<StandardVerticle> ofClass(String className) {
    return Arrays.stream(values()).filter(v -> v.className.equals(className)).findFirst();
  }

  /** Its entry in a plan: name, class, instances, worker. */
  public Map<String, Object> entry() {
    return Map.copyOf(DeploymentPlan.entry(verticleName, className, defaultInstances, worker));
  }

  /** The entries of the built-in plan. */
  static List<Map<String, Object>> entries() {
    return Arrays.stream(values()).map(StandardVerticle::entry).toList();
  }

  /** Of {@code config}, the settings this verticle reads plus the keys its entry's own config names. */
  Map<String, Object> restrict(Map<String, Object> config, Set<String> ownKeys) {
    Map<String, Object> restricted = new LinkedHashMap<>();
    config.forEach((key, value) -> {
      if (settings.contains(key) || ownKeys.contains(key)) restricted.put(key, value);
    });
    return restricted;
  }
}
