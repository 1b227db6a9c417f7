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
    return Counter.builder(name).tags(tags).register(registry());
  }

  public static Timer timer(String name, String... tags) {
    return Timer.builder(name).tags(tags)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry());
  }

  public static DistributionSummary summary(String name, String... tags) {
    return DistributionSummary.builder(name).tags(tags).register(registry());
  }

  /** A gauge whose value the caller sets; one per name and tags, shared by the verticle instances. */
  public static AtomicLong gauge(String name, String tagKey, String tagValue) {
    return GAUGES.computeIfAbsent(name + "|" + tagValue, k -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder(name, value, AtomicLong::get).tag(tagKey, tagValue).register(registry());
      return value;
    });
  }

  public static void recordMillis(Timer timer, long millis) {
    timer.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
  }
}
