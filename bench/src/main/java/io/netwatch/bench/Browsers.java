package io.netwatch.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Figure F's browsers: --count N raw-websocket clients of the SockJS bridge ({@code ws://H:P/eventbus/websocket},
 * the bridge's JSON frames without SockJS framing), each registered on {@code anomalies.live} and pinging every
 * 5 s, as a dashboard does. Once every client is connected and has received its first frame (or after
 * --connect-timeout seconds), one line "browsers ready: ..." goes to stderr (bench/run.sh starts its load then);
 * the clients are then held --seconds, and the JSON line reports, over that window: how many connected and how
 * many received frames, frames and sampled rows per client (min / median / max), and the rows committed
 * according to the frames' cumulative totals. Everything runs on one event loop; frames are parsed as a
 * browser would. They leave as {@link LiveFeedClient#leave} says; --unregister false closes them while still
 * registered, as a closed browser tab does.
 */
final class Browsers {
  private final Vertx vertx;
  private final LoadGenerator.Options o;

  Browsers(Vertx vertx, LoadGenerator.Options options) {
    this.vertx = vertx;
    this.o = options;
  }

  /** One client; touched only on the run's event loop. */
  private static final class Client {
    WebSocket socket;
    boolean connected;
    boolean failed;
    String failure;
    boolean closed;
    long frames;
    long rows;
    long totalsAtStart = -1;
    long lastTotals = -1;
    long lastFrameAt;
    long errors;
    String error;
  }

  Future<JsonObject> run() {
    Promise<JsonObject> result = Promise.promise();
    vertx.runOnContext(v -> start().onComplete(result));
    return result.future();
  }

  private Future<JsonObject> start() {
    URI ws = URI.create(o.get("ws"));
    int count = Integer.parseInt(o.args.getOrDefault("count", "100"));
    long connectTimeoutMs = Long.parseLong(o.args.getOrDefault("connect-timeout", "15")) * 1000;
    WebSocketClient wsClient = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxConnections(count).setMaxFrameSize(1 << 20).setMaxMessageSize(4 << 20).setTcpNoDelay(true));
    List<Client> clients = new ArrayList<>();
    WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost(ws.getHost()).setPort(ws.getPort())
        .setURI(ws.getRawPath()).setConnectTimeout(connectTimeoutMs);
    String register = new JsonObject().put("type", "register").put("address", EndToEnd.LIVE_FEED).encode();
    for (int i = 0; i < count; i++) {
      Client c = new Client();
      clients.add(c);
      wsClient.connect(connect).onComplete(ar -> {
        if (ar.failed()) {
          c.failed = true;
          c.failure = Latency.failure(ar.cause());
          return;
        }
        c.socket = ar.result();
        c.connected = true;
        c.socket.textMessageHandler(text -> onFrame(c, text));
        c.socket.closeHandler(x -> c.closed = true);
        c.socket.writeTextMessage(register);
      });
    }
    long ping = vertx.setPeriodic(5000, id -> {
      for (Client c : clients) if (c.connected && !c.closed) c.socket.writeTextMessage("{\"type\":\"ping\"}");
    });
    long started = System.nanoTime();
    Promise<Void> ready = Promise.promise();
    vertx.setPeriodic(20, id -> {
      boolean allSettled = true;
      for (Client c : clients) {
        if (!c.failed && !c.closed && c.frames == 0 && c.errors == 0) {
          allSettled = false;
          break;
        }
      }
      if (allSettled || System.nanoTime() - started > connectTimeoutMs * 1_000_000) {
        vertx.cancelTimer(id);
        ready.complete();
      }
    });
    return ready.future()
        .compose(x -> {
          long connected = clients.stream().filter(c -> c.connected).count();
          long receiving = clients.stream().filter(c -> c.frames > 0).count();
          double setup = (System.nanoTime() - started) / 1e9;
          // One write of a whole line: bench/run.sh starts its load when it sees it.
          System.err.println(String.format(Locale.ROOT, "browsers ready: %d of %d connected, %d receiving, in %.1f s",
              connected, count, receiving, setup));
          System.err.flush();
          for (Client c : clients) {
            c.frames = 0;
            c.rows = 0;
            c.totalsAtStart = c.lastTotals;
          }
          Promise<JsonObject> held = Promise.promise();
          long holdStart = System.nanoTime();
          vertx.setTimer(Math.max(1, o.seconds * 1000L), t -> held.complete(
              summary(clients, count, setup, (System.nanoTime() - holdStart) / 1e9)));
          return held.future();
        })
        .eventually(() -> {
          vertx.cancelTimer(ping);
          List<WebSocket> open = new ArrayList<>();
          for (Client c : clients) if (c.connected && !c.closed) open.add(c.socket);
          if (o.args.getOrDefault("unregister", "true").equals("false")) { // close while registered
            List<Future<Void>> closing = new ArrayList<>();
            for (WebSocket socket : open) closing.add(socket.close());
            return Future.join(closing).transform(x -> wsClient.close());
          }
          return LiveFeedClient.leave(vertx, open, () -> {
            long last = 0;
            for (Client c : clients) last = Math.max(last, c.lastFrameAt);
            return last;
          }).transform(x -> wsClient.close());
        });
  }

  private static void onFrame(Client c, String text) {
    JsonObject frame = new JsonObject(text);
    String type = frame.getString("type");
    if ("err".equals(type)) {
      c.errors++;
      c.error = frame.getString("body", frame.encode());
      return;
    }
    if (!"rec".equals(type)) return;
    JsonObject body = frame.getJsonObject("body");
    if (body == null) return;
    c.frames++;
    c.lastFrameAt = System.nanoTime();
    c.rows += body.getJsonArray("anomalies", new JsonArray()).size();
    long totals = 0;
    JsonObject t = body.getJsonObject("totals");
    if (t != null) for (String k : t.fieldNames()) if (t.getValue(k) instanceof Number n) totals += n.longValue();
    c.lastTotals = totals;
  }

  private JsonObject summary(List<Client> clients, int count, double setupSeconds, double heldSeconds) {
    long connected = 0;
    long receiving = 0;
    long closed = 0;
    long errors = 0;
    String error = null;
    String failure = null;
    long[] frames = new long[clients.size()];
    long[] rows = new long[clients.size()];
    long committedMin = Long.MAX_VALUE;
    long committedMax = 0;
    for (int i = 0; i < clients.size(); i++) {
      Client c = clients.get(i);
      if (c.connected) connected++;
      if (c.frames > 0) receiving++;
      if (c.closed) closed++;
      errors += c.errors;
      if (c.error != null) error = c.error;
      if (c.failure != null) failure = c.failure;
      frames[i] = c.frames;
      rows[i] = c.rows;
      if (c.frames > 0 && c.totalsAtStart >= 0) {
        long committed = c.lastTotals - c.totalsAtStart;
        committedMin = Math.min(committedMin, committed);
        committedMax = Math.max(committedMax, committed);
      }
    }
    Arrays.sort(frames);
    Arrays.sort(rows);
    JsonObject json = new JsonObject()
        .put("count", count)
        .put("connected", connected)
        .put("receiving", receiving)
        .put("closed_early", closed)
        .put("bridge_errors", errors)
        .put("setup_s", Math.round(setupSeconds * 10) / 10.0)
        .put("held_s", Math.round(heldSeconds * 10) / 10.0)
        .put("frames_min", frames.length == 0 ? 0 : frames[0])
        .put("frames_median", median(frames))
        .put("frames_max", frames.length == 0 ? 0 : frames[frames.length - 1])
        .put("rows_min", rows.length == 0 ? 0 : rows[0])
        .put("rows_median", median(rows))
        .put("rows_max", rows.length == 0 ? 0 : rows[rows.length - 1])
        .put("rows_committed_by_totals", committedMax)
        .put("rows_committed_by_totals_min", committedMin == Long.MAX_VALUE ? 0 : committedMin);
    if (error != null) json.put("bridge_error", error);
    if (failure != null) json.put("connect_failure", failure);
    return json;
  }

  private static double median(long[] sorted) {
    int n = sorted.length;
    if (n == 0) return 0;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }
}
