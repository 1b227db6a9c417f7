package io.netwatch.dashboard;

import io.netwatch.model.Addresses;
import io.vertx.core.Vertx;
import io.netwatch.model.Severity;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Publishes per-second rates and running totals of committed rows by severity on {@code anomalies.stats}
 * once a second, from the rows the {@link LiveFeed} counts. Every stored packet is a row, so rows per
 * second is packets per second; the rest are anomalies by severity.
 */
final class StatsPublisher {
  private static final String[] SEVERITIES = {"low", "medium", "high", "critical"};
  private static final long PERIOD_MS = 1_000;

  private final Vertx vertx;
  private final Map<String, Long> window = new LinkedHashMap<>();
  private final Map<String, Long> totals = new LinkedHashMap<>();
  private long timer;
  private long windowStart = System.currentTimeMillis();

  StatsPublisher(Vertx vertx) {
    this.vertx = vertx;
    for (String s : SEVERITIES) {
      window.put(s, 0L);
      totals.put(s, 0L);
    }
  }

  void start() {
    timer = vertx.setPeriodic(PERIOD_MS, id -> publish());
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  void count(Severity severity) {
    window.merge(severity.label(), 1L, Long::sum);
  }

  private void publish() {
    long now = System.currentTimeMillis();
    double seconds = Math.max(1, now - windowStart) / 1000.0;
    JsonObject perSecond = new JsonObject();
    long rows = 0;
    for (String s : SEVERITIES) {
      long n = window.get(s);
      rows += n;
      perSecond.put(s, Math.round(n / seconds * 10) / 10.0);
      totals.merge(s, n, Long::sum);
      window.put(s, 0L);
    }
    JsonObject total = new JsonObject();
    totals.forEach(total::put);
    vertx.eventBus().publish(Addresses.STATS, new JsonObject()
        .put("at", now)
        .put("window_ms", now - windowStart)
        .put("rows_per_s", Math.round(rows / seconds * 10) / 10.0)
        .put("per_severity", perSecond)
        .put("totals", total));
    windowStart = now;
  }
}
