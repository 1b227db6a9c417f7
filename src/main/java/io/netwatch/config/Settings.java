package io.netwatch.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform's settings: a config key is the old design's environment variable name in lower case,
 * so {@code REDIS_URL} overrides {@code "redis_url"}. Precedence: environment, then the config file,
 * then the defaults here. Pure: the environment is passed in.
 */
public final class Settings {
  public static final String DATABASE_URL = "database_url";
  public static final String REDIS_URL = "redis_url";
  public static final String INGESTION_TOKEN = "ingestion_token";
  public static final String ANOMALY_WORKER_TOKEN = "anomaly_worker_token";
  public static final String ADMIN_TOKEN = "admin_token";
  public static final String INGESTION_PATH = "ingestion_path";
  public static final String REDIS_STREAM_NAME = "redis_stream_name";
  /** standalone (default): REDIS_URL is one server; cluster: REDIS_URL is a comma-separated list of seed nodes. */
  public static final String REDIS_MODE = "redis_mode";
  /** Stream keys the packets are spread over; 1 (default) is the single key REDIS_STREAM_NAME. */
  public static final String STREAM_SHARDS = "stream_shards";
  public static final String STREAM_MAX_LEN = "stream_max_len";
  public static final String SHED_BACKLOG = "shed_backlog";
  /** Milliseconds a request turned away for the backlog is held before its 503 is sent; 0 answers at once. */
  public static final String SHED_HOLD_MS = "shed_hold_ms";
  public static final String CONSUMER_GROUP = "consumer_group";
  public static final String CONSUMER_NAME = "consumer_name";
  public static final String THREAD_COUNT = "thread_count";
  public static final String BATCH_SIZE = "batch_size";
  public static final String BLOCK_MS = "block_ms";
  public static final String MAX_IN_FLIGHT = "max_in_flight";
  public static final String CLAIM_IDLE_MS = "claim_idle_ms";
  public static final String MAX_DELIVERIES = "max_deliveries";
  public static final String TRIM_INTERVAL_MS = "trim_interval_ms";
  public static final String INGEST_PORT = "ingest_port";
  public static final String WEB_PORT = "web_port";
  public static final String MAX_BODY_BYTES = "max_body_bytes";
  public static final String MAX_PAYLOAD_HEX = "max_payload_hex";
  /** Seconds a packet's capture time (ts) may be ahead of ingest's clock; a later one gets 400. */
  public static final String MAX_CLOCK_SKEW_S = "max_clock_skew_s";
  public static final String REDIS_TIMEOUT_MS = "redis_timeout_ms";
  public static final String PG_POOL_SIZE = "pg_pool_size";
  public static final String PLATFORM_ENV = "platform_env";
  /** Where every node serves /health, /ready and /metrics (see ops/ManagementPlan for its default). */
  public static final String MANAGEMENT_PORT = "management_port";
  /** The host name other nodes and Prometheus reach this node on (default: the cluster host). */
  public static final String PUBLIC_HOST = "public_host";
  public static final String VIEWER_TOKEN = "viewer_token";
  public static final String BIND_HOST = "bind_host";
  public static final String HEADER_TIMEOUT_MS = "header_timeout_ms";
  public static final String IDLE_TIMEOUT_SECONDS = "idle_timeout_seconds";
  public static final String MAX_CONNECTIONS = "max_connections";
  public static final String MAX_CONNECTIONS_PER_SOURCE = "max_connections_per_source";
  public static final String DRAIN_GRACE_MS = "drain_grace_ms";
  /** "on" (default): each stored batch goes through the detection stage before it is acknowledged; "off" skips it. */
  public static final String DETECTORS = "detectors";
  /** Megabytes of Redis memory the detectors' state may take (docs/detection-state.md). */
  public static final String DETECTION_MEMCAP_MB = "detection_memcap_mb";
  /** Seconds a packet may be older than its key's newest before it counts as late (still counted). */
  public static final String DETECTION_LATENESS_S = "detection_lateness_s";
  /** Where the detectors keep their state; null: REDIS_URL (the stream's Redis). */
  public static final String DETECTION_REDIS_URL = "detection_redis_url";
  /** Hours of raw anomalies kept (whole hourly partitions are dropped past it); 0 keeps them forever. */
  public static final String RETENTION_RAW_HOURS = "retention_raw_hours";
  /** Days released alerts are kept after their last packet; 0 keeps them forever. */
  public static final String RETENTION_ALERTS_DAYS = "retention_alerts_days";
  /** Days minute rollups are kept; 0 keeps them forever. */
  public static final String RETENTION_ROLLUP_DAYS = "retention_rollup_days";
  /** low (default: every scored packet is a row), medium, high or critical: packets below it are only rolled up. */
  public static final String STORE_MIN_SEVERITY = "store_min_severity";
  /** The dashboard's address as operators reach it: links in delivered alerts (notify/). */
  public static final String PUBLIC_URL = "public_url";

  /** Seconds without a packet after which a sensor seen in the last hour engages a sensor_silent alert. */
  public static final String SENSOR_SILENT_AFTER_SECONDS = "sensor_silent_after_seconds";

  /** Every setting with its default; the environment may override exactly these. */
  public static final Map<String, Object> DEFAULTS = defaults();

  private static final List<String> NUMERIC = List.of(STREAM_MAX_LEN, STREAM_SHARDS, SHED_BACKLOG, SHED_HOLD_MS, THREAD_COUNT, BATCH_SIZE, BLOCK_MS,
      MAX_IN_FLIGHT, CLAIM_IDLE_MS, MAX_DELIVERIES, TRIM_INTERVAL_MS, INGEST_PORT, WEB_PORT, MAX_BODY_BYTES, MAX_PAYLOAD_HEX,
      MAX_CLOCK_SKEW_S, REDIS_TIMEOUT_MS, PG_POOL_SIZE, MANAGEMENT_PORT, HEADER_TIMEOUT_MS, IDLE_TIMEOUT_SECONDS, MAX_CONNECTIONS,
      MAX_CONNECTIONS_PER_SOURCE, DRAIN_GRACE_MS, DETECTION_MEMCAP_MB, DETECTION_LATENESS_S, RETENTION_RAW_HOURS,
      RETENTION_ALERTS_DAYS, RETENTION_ROLLUP_DAYS, SENSOR_SILENT_AFTER_SECONDS);

  private final Map<String, Object> values;

  public Settings(Map<String, Object> values) {
    this.values = values;
  }

  private static Map<String, Object> defaults() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put(DATABASE_URL, "postgresql://postgres@127.0.0.1:5432/postgres");
    d.put(REDIS_URL, "redis://127.0.0.1:6379");
    d.put(INGESTION_TOKEN, null);
    d.put(ANOMALY_WORKER_TOKEN, null);
    d.put(ADMIN_TOKEN, null);
    d.put(INGESTION_PATH, "/ingest");
    d.put(REDIS_STREAM_NAME, "anomaly:raw");
    d.put(REDIS_MODE, "standalone");
    d.put(STREAM_SHARDS, 1);
    d.put(STREAM_MAX_LEN, 1_000_000);
    d.put(SHED_BACKLOG, 50_000);
    d.put(SHED_HOLD_MS, 250);
    d.put(CONSUMER_GROUP, "analyzers");
    d.put(CONSUMER_NAME, null);
    d.put(THREAD_COUNT, 0);
    d.put(BATCH_SIZE, 500);
    d.put(BLOCK_MS, 2_000);
    d.put(MAX_IN_FLIGHT, 2);
    d.put(CLAIM_IDLE_MS, 30_000);
    d.put(MAX_DELIVERIES, 5);
    d.put(TRIM_INTERVAL_MS, 1_000);
    d.put(INGEST_PORT, 8080);
    d.put(WEB_PORT, 3000);
    d.put(MAX_BODY_BYTES, 4 * 1024 * 1024);
    d.put(MAX_PAYLOAD_HEX, 65_536);
    d.put(MAX_CLOCK_SKEW_S, 300);
    d.put(REDIS_TIMEOUT_MS, 2_000);
    d.put(PG_POOL_SIZE, 4);
    d.put(PLATFORM_ENV, "development");
    // Resolved per node: the web port where the node runs a dashboard, else 9464.
    d.put(MANAGEMENT_PORT, null);
    d.put(PUBLIC_HOST, null);
    d.put(VIEWER_TOKEN, null);
    // Null: decided by BindHost from the tokens (loopback while development tokens are in use).
    d.put(BIND_HOST, null);
    d.put(HEADER_TIMEOUT_MS, 10_000);
    d.put(IDLE_TIMEOUT_SECONDS, 60);
    d.put(MAX_CONNECTIONS, 10_000);
    d.put(MAX_CONNECTIONS_PER_SOURCE, 256);
    d.put(DRAIN_GRACE_MS, 5_000);
    d.put(DETECTORS, "on");
    d.put(DETECTION_MEMCAP_MB, 256);
    d.put(DETECTION_LATENESS_S, 60);
    d.put(DETECTION_REDIS_URL, null);
    d.put(RETENTION_RAW_HOURS, 72);
    d.put(RETENTION_ALERTS_DAYS, 90);
    d.put(RETENTION_ROLLUP_DAYS, 400);
    d.put(STORE_MIN_SEVERITY, "low");
    d.put(SENSOR_SILENT_AFTER_SECONDS, 120);
    d.put(PUBLIC_URL, "http://localhost:3000");
    return java.util.Collections.unmodifiableMap(d);
  }

  /**
   * Returns a copy of {@code config} where every setting named in {@code env} (upper-case name) is replaced.
   *
   * @throws IllegalArgumentException naming the variable when a numeric one is not a number
   */
  public static Map<String, Object> withEnvironment(Map<String, Object> config, Map<String, String> env) {
    Map<String, Object> merged = new LinkedHashMap<>(config);
    for (String key : DEFAULTS.keySet()) {
      String name = key.toUpperCase(java.util.Locale.ROOT);
      String value = env.get(name);
      if (value == null || value.isBlank()) continue;
      if (NUMERIC.contains(key)) {
        try {
          merged.put(key, Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
      } else {
        merged.put(key, value.strip());
      }
    }
    return merged;
  }

  public String string(String key) {
    Object value = values.get(key);
    if (value == null) value = DEFAULTS.get(key);
    return value == null ? null : value.toString();
  }

  public int integer(String key) {
    Object value = values.get(key);
    if (value == null) value = DEFAULTS.get(key);
    if (value instanceof Number n) return Math.toIntExact(n.longValue());
    if (value instanceof String s) {
      try {
        return Integer.parseInt(s.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " must be a whole number, got '" + s + "'");
      }
    }
    throw new IllegalArgumentException(key + " must be a whole number");
  }

  /** A switch: "on" or "off" (any case); anything else is refused, naming the variable. */
  public boolean on(String key) {
    String value = string(key).strip().toLowerCase(java.util.Locale.ROOT);
    if (!value.equals("on") && !value.equals("off")) {
      throw new IllegalArgumentException(key.toUpperCase(java.util.Locale.ROOT) + " must be on or off, got '"
          + string(key) + "'");
    }
    return value.equals("on");
  }

  public boolean production() {
    return "production".equalsIgnoreCase(string(PLATFORM_ENV));
  }
}
