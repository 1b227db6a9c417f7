package io.netwatch.notify;

import io.netwatch.ops.Metrics;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The delivery meters, per recipient (tagged with its name): bounded by the recipients' limit of 100. */
final class NotifyMeters {
  void delivered(Recipient r, OutboxEvent event, long nanos) {
    Metrics.counter("netwatch.notify.delivered", "recipient", r.name()).increment();
    long sinceEvent = Duration.between(event.createdAt(), Instant.now()).toMillis();
    Metrics.recordMillis(Metrics.timer("netwatch.notify.latency", "recipient", r.name()), sinceEvent);
  }

  void failedAttempt(Recipient r) {
    Metrics.counter("netwatch.notify.failed_attempts", "recipient", r.name()).increment();
  }

  void givenUp(Recipient r) {
    Metrics.counter("netwatch.notify.given_up", "recipient", r.name()).increment();
  }

  /** Sets the queue gauges of every recipient from the outbox's counts (zero for one with nothing queued). */
  void queues(List<Recipient> recipients, List<JsonObject> stats) {
    Map<Long, JsonObject> byId = new java.util.HashMap<>();
    stats.forEach(s -> byId.put(s.getLong("recipient_id"), s));
    for (Recipient r : recipients) {
      JsonObject s = byId.getOrDefault(r.id(), new JsonObject());
      Metrics.gauge("netwatch.notify.queue_depth", "recipient", r.name()).set(s.getLong("pending", 0L));
      Metrics.gauge("netwatch.notify.dead", "recipient", r.name()).set(s.getLong("dead", 0L));
      Metrics.gauge("netwatch.notify.oldest_undelivered_seconds", "recipient", r.name())
          .set(Math.round(s.getDouble("oldest_seconds", 0.0)));
    }
  }
}
