package io.netwatch.dashboard;

import io.netwatch.model.Addresses;
import io.netwatch.model.SharedJson;
import io.netwatch.model.Severity;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The browsers' live feed. Committed rows ({@code anomalies.new}, every batch) are counted and sampled;
 * every {@link #FRAME_INTERVAL_MS} one frame is built and encoded once, and the same bytes are written to
 * every browser registered on {@code anomalies.live}: the cost grows with browsers, not rows × browsers.
 * A frame also carries every alert event ({@code alerts.engaged|updated|released}) since the last one, the
 * latest per alert. A browser whose socket is still busy misses a frame without alert events (the cumulative
 * totals keep its counts exact), never one with them; one busy for {@link #MAX_BUSY_FRAMES} frames in a row
 * is closed (its page reconnects and reloads the alerts). When the event loop falls behind the feed slows
 * down first, so that it never competes with the pipeline. It is also the bridge's gatekeeper: browsers may
 * register, never send or publish.
 */
final class LiveFeed {
  static final long FRAME_INTERVAL_MS = 250;
  static final long MAX_FRAME_INTERVAL_MS = 2_000;
  static final int SAMPLE_ROWS = 25;
  static final int MAX_SUBSCRIBERS = 5_000;
  /** Alerts whose events one frame carries at most; past it, updates wait for the next frame. */
  static final int MAX_ALERTS_PER_FRAME = 2_000;
  static final int MAX_BUSY_FRAMES = 40;
  private static final Severity[] SEVERITIES = Severity.values();

  private final Vertx vertx;
  private final StatsPublisher stats;
  private final FrameSample<Object> sample = new FrameSample<>(SEVERITIES.length, SAMPLE_ROWS);
  private final long[] totals = new long[SEVERITIES.length];
  /** Each subscriber with the number of frames in a row its socket was too busy to take. */
  private final Map<SockJSSocket, Integer> subscribers = new LinkedHashMap<>();
  private final AlertEvents alertEvents = new AlertEvents(MAX_ALERTS_PER_FRAME);
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
  private long interval = FRAME_INTERVAL_MS;
  private long timer = -1;
  private long dueAt;
  private boolean stopped;

  LiveFeed(Vertx vertx, StatsPublisher stats) {
    this.vertx = vertx;
    this.stats = stats;
  }

  void start() {
    // anomalies.new comes in persistence's shared codec, from this node or another: decoding needs it here too.
    SharedJson.register(vertx.eventBus());
    consumers.add(vertx.eventBus().consumer(Addresses.NEW_ANOMALIES, message -> count(message.body())));
    for (String address : List.of(Addresses.ALERTS_ENGAGED, Addresses.ALERTS_UPDATED, Addresses.ALERTS_RELEASED)) {
      String event = address.substring(address.indexOf('.') + 1);
      consumers.add(vertx.eventBus().consumer(address, message -> alertEvents.add(event, message.body())));
    }
    scheduleNextFrame();
  }

  void stop() {
    stopped = true;
    if (timer >= 0) vertx.cancelTimer(timer);
    consumers.forEach(MessageConsumer::unregister);
    subscribers.clear();
  }

  /** Bridge event handler: refuses everything browsers send, keeps the list of live-feed subscribers. */
  void handle(BridgeEvent event) {
    BridgeEventType type = event.type();
    switch (type) {
      case SEND, PUBLISH -> event.complete(false);
      case REGISTER -> event.complete(!isLiveFeed(event) || subscribe(event.socket()));
      case UNREGISTER -> {
        if (isLiveFeed(event)) subscribers.remove(event.socket());
        event.complete(true);
      }
      case SOCKET_CLOSED -> {
        subscribers.remove(event.socket());
        event.complete(true);
      }
      default -> event.complete(true);
    }
  }

  private static boolean isLiveFeed(BridgeEvent event) {
    return event.getRawMessage() != null && Addresses.LIVE_FEED.equals(event.getRawMessage().getString("address"));
  }

  boolean subscribe(SockJSSocket socket) {
    if (subscribers.size() >= MAX_SUBSCRIBERS) return false;
    subscribers.putIfAbsent(socket, 0);
    return true;
  }

  int subscribers() {
    return subscribers.size();
  }

  private void count(JsonObject batch) {
    JsonArray rows = batch.getJsonArray("anomalies");
    if (rows == null) return;
    for (int i = 0; i < rows.size(); i++) {
      Object row = rows.getValue(i);
      if (!(row instanceof JsonObject json)) continue;
      Severity severity = Severity.fromLabel(json.getString("severity"));
      if (severity == null) continue;
      sample.add(severity.ordinal(), row);
      totals[severity.ordinal()]++;
      stats.count(severity);
    }
  }

  /**
   * The next frame is due one interval after this one. A timer that fires late means the event loop is
   * behind: the interval doubles (up to {@link #MAX_FRAME_INTERVAL_MS}) and comes back once frames are on time.
   */
  private void scheduleNextFrame() {
    if (stopped) return;
    dueAt = System.currentTimeMillis() + interval;
    timer = vertx.setTimer(interval, id -> {
      long late = System.currentTimeMillis() - dueAt;
      interval = late > interval ? Math.min(MAX_FRAME_INTERVAL_MS, interval * 2) : FRAME_INTERVAL_MS;
      try {
        sendFrame();
      } finally {
        scheduleNextFrame();
      }
    });
  }

  private void sendFrame() {
    List<JsonObject> alerts = alertEvents.drain();
    if (subscribers.isEmpty()) {
      sample.drain();
      return;
    }
    // A String, not a Buffer: raw-websocket bridge clients get a text frame, as from the bridge itself.
    String encoded = encode(sample.drain(), alerts);
    for (Iterator<Map.Entry<SockJSSocket, Integer>> sockets = subscribers.entrySet().iterator(); sockets.hasNext(); ) {
      Map.Entry<SockJSSocket, Integer> subscriber = sockets.next();
      SockJSSocket socket = subscriber.getKey();
      try {
        if (!socket.writeQueueFull()) {
          subscriber.setValue(0);
          socket.write(encoded);
        } else if (subscriber.getValue() >= MAX_BUSY_FRAMES) {
          sockets.remove();
          socket.close();
        } else {
          subscriber.setValue(subscriber.getValue() + 1);
          if (!alerts.isEmpty()) socket.write(encoded); // alert events are never skipped
        }
      } catch (IllegalStateException closing) {
        sockets.remove(); // closed before the bridge told us: its SOCKET_CLOSED event finds nothing left
      }
    }
  }

  /** The bridge's "rec" envelope, so any bridge client receives it as a message on {@code anomalies.live}. */
  private String encode(FrameSample.Frame<Object> frame, List<JsonObject> alerts) {
    JsonObject counts = new JsonObject();
    JsonObject cumulative = new JsonObject();
    for (Severity s : SEVERITIES) {
      counts.put(s.label(), frame.counts()[s.ordinal()]);
      cumulative.put(s.label(), totals[s.ordinal()]);
    }
    JsonObject body = new JsonObject()
        .put("at", System.currentTimeMillis())
        .put("interval_ms", interval)
        .put("anomalies", new JsonArray(frame.rows()))
        .put("counts", counts)
        .put("skipped", frame.skipped())
        .put("totals", cumulative)
        .put("alerts", new JsonArray(new ArrayList<>(alerts)));
    return new JsonObject().put("type", "rec").put("address", Addresses.LIVE_FEED).put("body", body).encode();
  }
}
