package io.netwatch.bench;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Latency histograms (nanoseconds, 3 significant digits, up to 5 minutes) and their JSON summaries. */
final class Latency {
  private Latency() {
  }

  static Histogram histogram() {
    return new Histogram(TimeUnit.MINUTES.toNanos(5), 3);
  }

  static void record(Histogram h, long nanos) {
    h.recordValue(Math.min(h.getHighestTrackableValue(), Math.max(0, nanos)));
  }

  static double ms(long nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }

  /** p50/p90/p99/p99.9/max in milliseconds, with a prefix ("" or "http_"). */
  static JsonObject put(JsonObject json, String prefix, Histogram h) {
    return json
        .put(prefix + "p50_ms", ms(h.getValueAtPercentile(50)))
        .put(prefix + "p90_ms", ms(h.getValueAtPercentile(90)))
        .put(prefix + "p99_ms", ms(h.getValueAtPercentile(99)))
        .put(prefix + "p999_ms", ms(h.getValueAtPercentile(99.9)))
        .put(prefix + "max_ms", ms(h.getMaxValue()))
        .put(prefix + "samples", h.getTotalCount());
  }

  /** Answers by status code ("200", "503", ...) or by exception class for requests that got no answer. */
  static JsonObject statuses(Map<String, Long> counts) {
    JsonObject json = new JsonObject();
    new TreeMap<>(counts).forEach(json::put);
    return json;
  }

  static long errors(Map<String, Long> counts) {
    long errors = 0;
    for (Map.Entry<String, Long> e : counts.entrySet()) if (!e.getKey().equals("200")) errors += e.getValue();
    return errors;
  }

  static String failure(Throwable err) {
    String name = err.getClass().getSimpleName();
    return name.isEmpty() ? "exception" : name;
  }
}
