package io.netwatch.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.backends.BackendRegistries;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The platform's own meters, on the Vert.x Micrometer registry (Prometheus at {@code GET /metrics}).
 * Without metrics enabled (as in most tests) they go to Micrometer's global registry, which keeps nothing.
 */
public final class Metrics {
  private static final Map<String, AtomicLong> GAUGES = new ConcurrentHashMap<>();

  /** Every platform meter and its HELP text: a meter missing here cannot be created. */
  static final Map<String, String> HELP = Map.ofEntries(
      Map.entry("netwatch.ingest.packets", "Packets accepted by ingest and appended to the stream"),
      Map.entry("netwatch.ingest.requests", "Ingest answers, by HTTP status"),
      Map.entry("netwatch.ingest.latency", "Time from an ingest request's arrival to its answer"),
      Map.entry("netwatch.scoring.packets", "Packets scored"),
      Map.entry("netwatch.scoring.latency", "Time to score one batch of packets"),
      Map.entry("netwatch.persistence.rows", "Rows committed to PostgreSQL (replays of stored rows not counted)"),
      Map.entry("netwatch.persistence.rolled_up_only",
          "Packets below STORE_MIN_SEVERITY counted in the rollups without a row (replays not counted)"),
      Map.entry("netwatch.persistence.latency", "Time to insert and commit one batch"),
      Map.entry("netwatch.pipeline.latency", "Time from ingest receipt to the committed row's publication"),
      Map.entry("netwatch.stream.acknowledged", "Stream entries acknowledged after their row was committed"),
      Map.entry("netwatch.stream.dead_lettered", "Stream entries moved to the dead-letter stream"),
      Map.entry("netwatch.stream.batch_size", "Entries per batch read from the stream"),
      Map.entry("netwatch.stream.backlog", "Stream entries not yet acknowledged by the slowest consumer group"),
      Map.entry("netwatch.stream.lag", "Stream entries not yet read by the consumer group"),
      Map.entry("netwatch.detection.packets", "Packets added to the stateful detectors' windows"),
      Map.entry("netwatch.detection.latency", "Time to add one batch to the detectors' windows and record its alerts"),
      Map.entry("netwatch.detection.suppressed", "Alert hits silenced by a suppression rule"),
      Map.entry("netwatch.detection.refused",
          "Keys a detector could not track at its memcap (DETECTION_MEMCAP_MB): counted in its sketch only"),
      Map.entry("netwatch.detection.evicted", "Tracked keys a detector evicted at its memcap for a key nearer its threshold"),
      Map.entry("netwatch.detection.promoted", "Keys a detector's sketch promoted to exact tracked state at its memcap"),
      Map.entry("netwatch.detection.late",
          "Packets counted in a window although older than their key's newest event time minus DETECTION_LATENESS_S"),
      Map.entry("netwatch.detection.too_late",
          "Packets older than the detector's ring of windows: stored, but not counted by that detector"),
      Map.entry("netwatch.detection.degraded", "Batches whose windows Redis refused to update (maxmemory): stored, not detected"),
      Map.entry("netwatch.detection.emergency", "1 while detection is in its emergency mode (a bound reached in the last minute)"),
      Map.entry("netwatch.detection.state_bytes", "Redis memory of a detector's windows and sketches (MEMORY USAGE)"),
      Map.entry("netwatch.detection.tracked_keys", "Keys a detector tracks exactly, over its live windows"),
      Map.entry("netwatch.detection.suppression_rules", "Suppression rules this node's detectors apply (loaded, unexpired)"),
      Map.entry("netwatch.alerts.events", "Alert events published, by kind (engaged, updated, released)"),
      Map.entry("netwatch.storage.partitions", "Hourly (or older daily) partitions of the table, the default one not counted"),
      Map.entry("netwatch.storage.bytes", "Bytes on disk of the table's partitions, indexes included"),
      Map.entry("netwatch.storage.oldest_received_at_seconds", "Unix time of the oldest stored row's received_at (0: none)"),
      Map.entry("netwatch.storage.default_partition_rows",
          "Rows in the default partition, whose time had no partition (normally 0; counted up to 100000)"),
      Map.entry("netwatch.storage.partitions.added", "Partitions created ahead by storage maintenance"),
      Map.entry("netwatch.storage.partitions.dropped", "Partitions dropped by raw retention (RETENTION_RAW_HOURS)"),
      Map.entry("netwatch.storage.retention.deleted", "Rows deleted by retention, by table (never rows of a live partition)"),
      Map.entry("netwatch.sensor.packets", "Packets accepted from each registered sensor by this node"),
      Map.entry("netwatch.sensor.rejected", "Ingest requests of each sensor refused by this node, by HTTP status"),
      Map.entry("netwatch.sensor.last_seen_seconds", "Unix time this node last accepted a packet from the sensor (0: never)"),
      Map.entry("netwatch.sensor.packets_per_second", "Packets per second this node accepted from the sensor over the last minute"),
      // notify/: alert delivery, per recipient (tag recipient = its name).
      Map.entry("netwatch.notify.delivered", "Alert events delivered to a recipient (receiver answered 2xx, or syslog written)"),
      Map.entry("netwatch.notify.failed_attempts", "Delivery attempts that failed (error status, timeout, unreachable); retried"),
      Map.entry("netwatch.notify.given_up", "Deliveries given up after the recipient's max_age (state dead)"),
      Map.entry("netwatch.notify.queue_depth", "Deliveries waiting (pending) for the recipient, from the outbox"),
      Map.entry("netwatch.notify.dead", "Deliveries given up and kept for a retry through the API"),
      Map.entry("netwatch.notify.oldest_undelivered_seconds", "Age of the recipient's oldest pending delivery (0: none)"),
      Map.entry("netwatch.notify.latency", "Time from the alert event's commit to the receiver's answer"),
      Map.entry("netwatch.export.rows", "Rows written by exports (/api/v1/anomalies/export, /api/v1/alerts/export)"));

  private Metrics() {
  }

  /** The Vert.x options that switch metrics on, for the launcher: Prometheus format plus JVM metrics. */
  public static JsonObject vertxMetricsOptions() {
    return new JsonObject()
        .put("enabled", true)
        .put("jvmMetricsEnabled", true)
        // Per-request HTTP and TCP meters cost a quarter of ingest's throughput; the platform's own
        // netwatch_ingest_* meters count and time every ingest answer instead.
        .put("disabledMetricsCategories", new io.vertx.core.json.JsonArray()
            .add("http.server").add("http.client").add("net.server").add("net.client").add("datagram"))
        .put("prometheusOptions", new JsonObject().put("enabled", true).put("publishQuantiles", true));
  }

  public static MeterRegistry registry() {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    return registry != null ? registry : io.micrometer.core.instrument.Metrics.globalRegistry;
  }

  public static Counter counter(String name, String... tags) {
    return Counter.builder(name).description(help(name)).tags(tags).register(registry());
  }

  public static Timer timer(String name, String... tags) {
    return Timer.builder(name).description(help(name)).tags(tags)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry());
  }

  public static DistributionSummary summary(String name, String... tags) {
    return DistributionSummary.builder(name).description(help(name)).tags(tags).register(registry());
  }

  /** A gauge whose value the caller sets; one per name and tags, shared by the verticle instances. */
  public static AtomicLong gauge(String name, String tagKey, String tagValue) {
    return GAUGES.computeIfAbsent(name + "|" + tagValue, k -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder(name, value, AtomicLong::get).description(help(name)).tag(tagKey, tagValue).register(registry());
      return value;
    });
  }

  public static String help(String name) {
    String help = HELP.get(name);
    if (help == null) throw new IllegalArgumentException("meter " + name + " has no HELP text in Metrics.HELP");
    return help;
  }

  public static void recordMillis(Timer timer, long millis) {
    timer.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
  }
}
