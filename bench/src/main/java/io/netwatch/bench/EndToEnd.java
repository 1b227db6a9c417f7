package io.netwatch.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * End-to-end latency as a dashboard sees it: single packets POSTed at a fixed rate (open loop); the
 * platform's answer carries the stream id, and the browsers' live feed ({@code anomalies.live}, through the
 * SockJS bridge's raw websocket endpoint: register once, ping every 5 s, receive
 * {"type":"rec","body":{"anomalies":[sample],"counts","skipped","totals",...}} a few times a second) carries
 * a sample of the rows committed since its last frame. Latency: from the ingest 200 to the arrival of the
 * frame that holds the row, for the rows that are sampled (pacing included); a row that arrives before its
 * 200 counts as 0. The frames' counts and totals say how many rows were committed meanwhile, so the run
 * reports rows sampled against rows committed.
 *
 * <p>With --metrics, the platform's own {@code netwatch_pipeline_latency_seconds} histogram (ingest receipt to
 * publish after commit, every row, before the feed) is read before and after, and the run's share of it
 * summarised: the pipeline figure that meets the target; the browser latency is shown beside it.
 *
 * <p>The run ends when every request has been answered and --tail seconds (1) have passed for the last
 * frames; it does not wait for every row, since most rows are counted, not sent.
 */
final class EndToEnd {
  static final String LIVE_FEED = "anomalies.live";
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
          socket.writeTextMessage(new JsonObject().put("type", "register").put("address", LIVE_FEED).encode());
          long ping = vertx.setPeriodic(5000, id -> socket.writeTextMessage("{\"type\":\"ping\"}"));
          // The pipeline histogram is read when the warm-up ends (load) and after the run.
          Runnable atMeasuringStart = () -> state.metricsBefore = metrics == null
              ? Future.succeededFuture(null) : scrape(web, metrics);
          return firstFrame(state) // registered: the feed writes to this socket
              .compose(x -> load(state, atMeasuringStart))
              .compose(x -> state.metricsBefore)
              .compose(before -> (metrics == null ? Future.succeededFuture((String) null) : scrape(web, metrics))
                  .map(after -> summary(state, before, after)))
              .eventually(() -> {
                vertx.cancelTimer(ping);
                return LiveFeedClient.leave(vertx, List.of(socket), () -> state.lastFrameAt);
              });
        })
        .onComplete(x -> web.close());
  }

  /** Completes at the first frame (the registration took), or after 5 s, or at an "err" frame. */
  private Future<Void> firstFrame(State s) {
    Promise<Void> p = Promise.promise();
    long deadline = System.nanoTime() + 5_000_000_000L;
    vertx.setPeriodic(20, id -> {
      if (s.frames > 0 || s.bridgeErrors > 0 || s.socketClosed || System.nanoTime() > deadline) {
        vertx.cancelTimer(id);
        p.complete();
      }
    });
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
    long frames;
    long lastFrameAt;
    long rows;
    /** Set when the warm-up's last request is sent: frames from then on belong to the measured window. */
    boolean measuring;
    long measuredFrom;
    long measuredFrames;
    long measuredRows;
    long measuredCounts;
    long measuredSkipped;
    /** Cumulative totals at the last frame before the measured window (or the first frame's, less its counts). */
    long baseTotals = -1;
    long lastTotals = -1;
    long maxIntervalMs;
    long bridgeErrors;
    String bridgeError;
    boolean socketClosed;
    Future<String> metricsBefore = Future.succeededFuture(null);
  }

  private void onFrame(State s, String text) {
    long now = System.nanoTime();
    JsonObject frame = new JsonObject(text);
    if ("err".equals(frame.getString("type"))) {
      s.bridgeErrors++;
      s.bridgeError = frame.getString("body", frame.encode());
      return;
    }
    if (!"rec".equals(frame.getString("type"))) return;
    JsonObject body = frame.getJsonObject("body");
    if (body == null) return;
    s.frames++;
    s.lastFrameAt = now;
    JsonArray rows = body.getJsonArray("anomalies", new JsonArray());
    long counts = sum(body.getJsonObject("counts"));
    long totals = sum(body.getJsonObject("totals"));
    s.maxIntervalMs = Math.max(s.maxIntervalMs, body.getLong("interval_ms", 0L));
    if (!s.measuring || s.baseTotals < 0) s.baseTotals = s.measuring ? totals - counts : totals;
    if (s.measuring) {
      s.measuredFrames++;
      s.measuredRows += rows.size();
      s.measuredCounts += counts;
      s.measuredSkipped += body.getLong("skipped", 0L);
    }
    s.lastTotals = totals;
    for (Object r : rows) {
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

  private static long sum(JsonObject bySeverity) {
    long n = 0;
    if (bySeverity == null) return 0;
    for (String k : bySeverity.fieldNames()) {
      if (bySeverity.getValue(k) instanceof Number v) n += v.longValue();
    }
    return n;
  }

  /** Sends rate x (warmup + seconds) packets; the warm-up ones are sent but not recorded. */
  private Future<Void> load(State s, Runnable atMeasuringStart) {
    HttpClient client = o.client(vertx, 64);
    RequestOptions request = o.request();
    Buffer[] bodies = Packets.bodies(1);
    long warmup = Math.round(o.rate * o.warmup);
    long total = warmup + Math.round(o.rate * o.seconds);
    long tailNanos = (long) (Double.parseDouble(o.args.getOrDefault("tail", "1")) * 1e9);
    long start = System.nanoTime();
    if (warmup == 0) {
      s.measuring = true;
      s.measuredFrom = start;
      atMeasuringStart.run();
    }
    Promise<Void> done = Promise.promise();
    vertx.setPeriodic(1, timer -> {
      long due = Math.min(total, (long) ((System.nanoTime() - start) / 1e9 * o.rate));
      while (s.sent < due) {
        long index = s.sent++;
        long intended = start + (long) (index / o.rate * 1e9);
        boolean recorded = index >= warmup;
        if (recorded && !s.measuring) {
          s.measuring = true;
          s.measuredFrom = System.nanoTime();
          atMeasuringStart.run();
        }
        LoadGenerator.send(client, request, bodies[(int) (index & (bodies.length - 1))], true).onComplete(ar -> {
          long now = System.nanoTime();
          s.completed++;
          if (recorded) {
            s.statuses.merge(ar.succeeded() ? Integer.toString(ar.result().status()) : Latency.failure(ar.cause()),
                1L, Long::sum);
          }
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
        // Every answer, then --tail seconds more for the frames that sample the last rows.
        vertx.setPeriodic(20, t -> {
          if (s.completed >= total) {
            vertx.cancelTimer(t);
            vertx.setTimer(Math.max(1, tailNanos / 1_000_000), x -> done.complete());
          }
        });
      }
    });
    return done.future().eventually(client::close);
  }

  private JsonObject summary(State s, String metricsBefore, String metricsAfter) {
    long committed = s.lastTotals >= 0 && s.baseTotals >= 0 ? s.lastTotals - s.baseTotals : 0;
    JsonObject json = new JsonObject()
        .put("rate", o.rate)
        .put("seconds", o.seconds)
        .put("sent", s.sent - Math.round(o.rate * o.warmup))
        .put("ok", s.recordedOk)
        .put("errors", Latency.errors(s.statuses))
        .put("statuses", Latency.statuses(s.statuses))
        .put("address", LIVE_FEED)
        .put("frames", s.measuredFrames)
        .put("frames_per_s", Math.round(s.measuredFrames / Math.max(1e-3, (System.nanoTime() - s.measuredFrom) / 1e9) * 10) / 10.0)
        .put("max_interval_ms", s.maxIntervalMs)
        // Rows in the frames of the measured window: sampled (sent) against committed (the frames' totals).
        .put("rows_sampled", s.measuredRows)
        .put("rows_counted", s.measuredCounts)
        .put("rows_skipped", s.measuredSkipped)
        .put("rows_committed", committed)
        // Sampled rows of the measured packets, matched to their 200 by stream id: the latency samples.
        .put("matched", s.matched)
        .put("rows_before_answer", s.rowsBeforeAnswer)
        .put("bridge_errors", s.bridgeErrors)
        .put("socket_closed", s.socketClosed);
    if (s.bridgeError != null) json.put("bridge_error", s.bridgeError);
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
