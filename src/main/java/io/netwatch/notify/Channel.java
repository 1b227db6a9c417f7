package io.netwatch.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Instant;

/** One recipient's way out: sends an event and says what the receiver answered. One instance per recipient. */
public interface Channel {
  /** Never a failed future: a failure is a {@link DeliveryResult} that is not delivered. */
  Future<DeliveryResult> deliver(OutboxEvent event);

  Future<Void> close();

  static Channel of(Vertx vertx, Recipient recipient, String publicUrl) {
    return switch (recipient.type()) {
      case Recipient.ALERTMANAGER -> new HttpChannel(vertx, recipient, publicUrl, HttpChannel.Kind.ALERTMANAGER);
      case Recipient.WEBHOOK -> new HttpChannel(vertx, recipient, publicUrl, HttpChannel.Kind.WEBHOOK);
      default -> new SyslogChannel(vertx, recipient);
    };
  }

  /** The event {@code POST /api/v1/recipients/{id}/test} sends: a made-up alert 0, event "test". */
  static OutboxEvent testEvent(Instant now) {
    io.vertx.core.json.JsonObject alert = new io.vertx.core.json.JsonObject().put("id", 0L).put("detector", "test")
        .put("reasons", new io.vertx.core.json.JsonArray()).put("key", "test").put("src_ip", "192.0.2.1")
        .put("dst_ip", "192.0.2.2").put("dst_port", 0).put("first_seen", now.toString())
        .put("last_seen", now.toString()).put("packet_count", 0L).put("max_score", 0.0).put("severity", "low")
        .put("state", "engaged").put("released_at", null).put("acknowledged_at", null)
        .put("acknowledged_by", null).put("note", "a test from netwatch");
    return new OutboxEvent(0, now.toEpochMilli(), 0, "test", 1, now, alert);
  }
}
