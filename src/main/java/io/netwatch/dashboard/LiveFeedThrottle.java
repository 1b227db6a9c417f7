package io.netwatch.dashboard;

import io.netwatch.model.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Sits in the SockJS bridge: each browser gets {@code anomalies.new} at most {@link #MIN_INTERVAL_MS}
 * apart. Rows arriving in between are coalesced into the next message; a browser that cannot keep up
 * (its write queue is full) keeps at most {@link #MAX_HELD_ROWS} rows, the oldest are dropped and
 * counted, and the count travels with the next message as "dropped".
 */
final class LiveFeedThrottle {
  static final long MIN_INTERVAL_MS = 100;
  static final int MAX_HELD_ROWS = 500;

  private final Vertx vertx;
  private final Map<SockJSSocket, Feed> feeds = new HashMap<>();

  private static final class Feed {
    long lastSentAt;
    long flushTimer = -1;
    final ArrayDeque<Object> held = new ArrayDeque<>();
    long dropped;
  }

  LiveFeedThrottle(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Bridge event handler: refuses everything browsers send, throttles what they receive. */
  void handle(BridgeEvent event) {
    BridgeEventType type = event.type();
    if (type == BridgeEventType.SEND || type == BridgeEventType.PUBLISH) {
      event.complete(false);
      return;
    }
    if (type == BridgeEventType.SOCKET_CLOSED) {
      Feed feed = feeds.remove(event.socket());
      if (feed != null && feed.flushTimer >= 0) vertx.cancelTimer(feed.flushTimer);
      event.complete(true);
      return;
    }
    if (type == BridgeEventType.RECEIVE && event.getRawMessage() != null
        && Addresses.NEW_ANOMALIES.equals(event.getRawMessage().getString("address"))) {
      event.complete(admit(event.socket(), event.getRawMessage()));
      return;
    }
    event.complete(true);
  }

  /** True: let the bridge deliver this message now. False: it was held for the next coalesced message. */
  private boolean admit(SockJSSocket socket, JsonObject frame) {
    Feed feed = feeds.computeIfAbsent(socket, s -> new Feed());
    long now = System.currentTimeMillis();
    if (feed.held.isEmpty() && feed.dropped == 0 && now - feed.lastSentAt >= MIN_INTERVAL_MS
        && !socket.writeQueueFull()) {
      feed.lastSentAt = now;
      return true;
    }
    JsonObject body = frame.getJsonObject("body");
    JsonArray rows = body == null ? new JsonArray() : body.getJsonArray("anomalies", new JsonArray());
    for (Object row : rows) feed.held.addLast(row);
    while (feed.held.size() > MAX_HELD_ROWS) {
      feed.held.removeFirst();
      feed.dropped++;
    }
    scheduleFlush(socket, feed, now);
    return false;
  }

  private void scheduleFlush(SockJSSocket socket, Feed feed, long now) {
    if (feed.flushTimer >= 0) return;
    long delay = Math.max(1, MIN_INTERVAL_MS - (now - feed.lastSentAt));
    feed.flushTimer = vertx.setTimer(delay, id -> {
      feed.flushTimer = -1;
      if (feeds.get(socket) != feed) return;
      if (socket.writeQueueFull()) {
        scheduleFlush(socket, feed, System.currentTimeMillis());
        return;
      }
      JsonObject body = new JsonObject().put("anomalies", new JsonArray(new java.util.ArrayList<>(feed.held)));
      if (feed.dropped > 0) body.put("dropped", feed.dropped);
      feed.held.clear();
      feed.dropped = 0;
      feed.lastSentAt = System.currentTimeMillis();
      socket.write(new JsonObject().put("type", "rec").put("address", Addresses.NEW_ANOMALIES).put("body", body)
          .encode());
    });
  }
}
