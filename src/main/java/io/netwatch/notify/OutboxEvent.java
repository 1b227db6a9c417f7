package io.netwatch.notify;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * One claimed delivery: an alert event for one recipient. {@code eventId} is the event's sequence number (it grows
 * within an alert); with the alert's id it makes the event's stable id, the same on every retry.
 *
 * @param alert the alert as it was when the event happened, in the API's shape
 */
public record OutboxEvent(long deliveryId, long eventId, long alertId, String event, int attempts,
                          Instant createdAt, JsonObject alert) {
  /** The stable id receivers deduplicate on (Standard Webhooks' webhook-id). */
  public String messageId() {
    return "alert-" + alertId + "-" + eventId;
  }
}
