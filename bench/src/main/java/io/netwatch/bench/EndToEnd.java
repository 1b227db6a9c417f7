package io.netwatch.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * End-to-end latency as a dashboard sees it: single packets POSTed at a fixed rate (open loop); the
 * platform's answer carries the stream id, and the committed row arrives on {@code anomalies.new} through
 * the SockJS bridge (its raw websocket endpoint, which speaks the bridge's JSON frames without SockJS
 * framing: register once, ping every 5 s, receive {"type":"rec", "body": {"anomalies": [rows]}}).
 * Latency: from the ingest 200 to the row's arrival. A row that arrives before its 200 counts as 0.
 *
 * <p>With --metrics, the platform's own {@code netwatch_pipeline_latency_seconds} histogram (ingest
 * receipt to publish, before the bridge) is read before and after, and the run's share of it summarised:
 * it tells the pipeline's part from the bridge's.
 */
final class EndToEnd {
  private static final long IGNORED = -1;
  private final Vertx vertx;
  private final LoadGenerator.Options o;

  EndToEnd(Vertx vertx, LoadGenerator.Options options) {
    this.vertx = vertx;
    this.o = options;
  }

  Future<JsonObject> run() {
    Promise<JsonObject> result = Promise.promise();
    vertx.runOnContext(v -> start().onComplete(result));
    return result.future();
  }

  private Future<JsonObject> start() {
    URI ws = URI.create(o.get("ws"));
    WebClient web = WebClient.create(vertx);
    String metrics = o.args.get("metrics");
    State state = new State();
    return vertx.createWebSocketClient()
        .connect(new WebSocketConnectOptions().setHost(ws.getHost()).setPort(ws.getPort()).setURI(ws.getRawPath()))
        .compose(socket -> {
          socket.textMessageHandler(text -> onFrame(state, text));
          socket.closeHandler(x -> state.socketClosed = true);
          socket.writeTextMessage(new JsonObject().put("type", "register").put("address", "anomalies.new").encode());
          long ping = vertx.setPeriodic(5000, id -> socket.writeTextMessage("{\"type\":\"ping\"}"));
          Future<String> before = metrics == null ? Future.succeededFuture(null) : scrape(web, metrics);
          return before
              .compose(b -> delay(500).map(b)) // let the registration reach the bridge
              .compose(b -> load(state).compose(x -> metrics == null ? Future.succeededFuture((String) null)
                  : scrape(web, metrics)).map(after -> summary(state, b, after)))
              .eventually(() -> {
                vertx.cancelTimer(ping);
                return socket.close();
              });
        })
        .onComplete(x -> web.close());
  }

  private Future<Void> delay(long ms) {
    Promise<Void> p = Promise.promise();
    vertx.setTimer(ms, id -> p.complete());
    return p.future();
  }

  /** Everything is touched on the one event loop of this run. */
  private static final class State {
    final Map<String, Long> answeredAt = new HashMap<>();
    final Map<String, Long> arrivedFirst = new HashMap<>();
    final Histogram e2e = Latency.histogram();
    final Histogram http = Latency.histogram();
    final Map<String, Long> statuses = new HashMap<>();
    long sent;
    long completed;
    long recordedOk;
    long matched;
    long rowsBeforeAnswer;
    long droppedByBridge;
    long frames;
    long rows;
    boolean socketClosed;
  }

  private void onFrame(State s, String text) {
    long now = System.nanoTime();
    JsonObject frame = new JsonObject(text);
    if (!"rec".equals(frame.getString("type"))) return;
    JsonObject body = frame.getJsonObject("body");
    if (body == null) return;
    s.frames++;
    s.droppedByBridge += body.getLong("dropped", 0L);
    for (Object r : body.getJsonArray("anomalies", new JsonArray())) {
      s.rows++;
      String id = ((JsonObject) r).getString("stream_id");
      Long answered = s.answeredAt.remove(id);
      if (answered == null) {
        if (s.arrivedFirst.size() > 500_000) s.arrivedFirst.clear(); // rows of someone else's packets
        s.arrivedFirst.put(id, now);
      } else if (answered != IGNORED) {
        Latency.record(s.e2e, now - answered);
        s.matched++;
      }
    }
  }

  /** Sends rate x (warmup + seconds) packets; the warm-up ones are sent but not recorded. */
  private Future<Void> load(State s) {
    HttpClient client = o.client(vertx, 64);
    RequestOptions request = o.request();
    Buffer[] bodies = Packets.bodies(1);
    long warmup = Math.round(o.rate * o.warmup);
    long total = warmup + Math.round(o.rate * o.seconds);
    long start = System.nanoTime();
    Promise<Void> done = Promise.promise();
    vertx.setPeriodic(1, timer -> {
      long due = Math.min(total, (long) ((System.nanoTime() - start) / 1e9 * o.rate));
      while (s.sent < due) {
        long index = s.sent++;
        long intended = start + (long) (index / o.rate * 1e9);
        boolean recorded = index >= warmup;
        LoadGenerator.send(client, request, bodies[(int) (index & (bodies.length - 1))], true).onComplete(ar -> {
          long now = System.nanoTime();
          s.completed++;
          s.statuses.merge(ar.succeeded() ? Integer.toString(ar.result().status()) : Latency.failure(ar.cause()),
              1L, Long::sum);
          if (ar.failed() || ar.result().status() != 200) return;
          String id = new JsonObject(ar.result().body()).getString("id");
          Long arrived = s.arrivedFirst.remove(id);
          if (!recorded) {
            if (arrived == null) s.answeredAt.put(id, IGNORED);
            return;
          }
          s.recordedOk++;
          Latency.record(s.http, now - intended);
          if (arrived != null) {
            Latency.record(s.e2e, 0);
            s.matched++;
            s.rowsBeforeAnswer++;
          } else {
            s.answeredAt.put(id, now);
          }
        });
      }
      if (s.sent >= total) {
        vertx.cancelTimer(timer);
        // Wait for the answers, then for the last rows (at most tail seconds).
        long tailEnd = System.nanoTime() + Long.parseLong(o.args.getOrDefault("tail", "5")) * 1_000_000_000L;
        vertx.setPeriodic(50, t -> {
          boolean allAnswered = s.completed >= total;
          if ((allAnswered && s.matched >= s.recordedOk) || System.nanoTime() > tailEnd) {
            vertx.cancelTimer(t);
            done.complete();
          }
        });
      }
    });
    return done.future().eventually(client::close);
  }

  private JsonObject summary(State s, String metricsBefore, String metricsAfter) {
    JsonObject json = new JsonObject()
        .put("rate", o.rate)
        .put("seconds", o.seconds)
        .put("sent", s.sent - Math.round(o.rate * o.warmup))
        .put("ok", s.recordedOk)
        .put("errors", Latency.errors(s.statuses))
        .put("statuses", Latency.statuses(s.statuses))
        .put("matched", s.matched)
        .put("missing", s.recordedOk - s.matched)
        .put("rows_before_answer", s.rowsBeforeAnswer)
        .put("dropped_by_bridge", s.droppedByBridge)
        .put("frames", s.frames)
        .put("rows_received", s.rows)
        .put("socket_closed", s.socketClosed);
    Latency.put(json, "", s.e2e);
    Latency.put(json, "http_", s.http);
    if (metricsBefore != null && metricsAfter != null) {
      PromHistogram delta = PromHistogram.parse(metricsAfter, "netwatch_pipeline_latency_seconds")
          .minus(PromHistogram.parse(metricsBefore, "netwatch_pipeline_latency_seconds"));
      json.put("pipeline_count", Math.round(delta.count()))
          .put("pipeline_p50_le_ms", delta.quantileUpperBoundMs(0.50))
          .put("pipeline_p99_le_ms", delta.quantileUpperBoundMs(0.99));
    }
    return json;
  }

  private static Future<String> scrape(WebClient web, String url) {
    URI uri = URI.create(url);
    return web.get(uri.getPort(), uri.getHost(), uri.getRawPath()).timeout(5000).send()
        .map(response -> response.bodyAsString())
        .otherwise((String) null);
  }
}
