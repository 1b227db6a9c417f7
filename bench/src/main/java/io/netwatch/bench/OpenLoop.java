package io.netwatch.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Open loop at a fixed packet rate: request i is due at start + i / (rate / batch) and its latency counts
 * from that intended time, whatever happened to the requests before it (no coordinated omission). A
 * request that would exceed {@link #MAX_OUTSTANDING} in flight is not sent and counts as an overload.
 *
 * <p>With {@code sustain}, the platform's {@code GET /ready} is read once a second for the stream's
 * backlog (entries not acknowledged yet: lag + pending) and its length, and the run is judged: the backlog
 * stayed bounded if every request got a 200, the rate was delivered, the backlog did not grow over the
 * steady part of the run (the last 3/4) by more than 2% of the rate per second, and it ended under two
 * seconds' worth of packets.
 */
final class OpenLoop {
  static final int MAX_OUTSTANDING = 10_000;
  /** Least-squares growth of the backlog over the steady window, as a share of the rate, that still holds. */
  static final double MAX_GROWTH_SHARE = 0.02;
  /** The backlog at the end may hold this many seconds of packets. */
  static final double MAX_END_BACKLOG_SECONDS = 2.0;

  private final Vertx vertx;
  private final LoadGenerator.Options o;
  private final boolean sustain;

  OpenLoop(Vertx vertx, LoadGenerator.Options options, boolean sustain) {
    this.vertx = vertx;
    this.o = options;
    this.sustain = sustain;
  }

  Future<JsonObject> run() {
    WebClient web = WebClient.create(vertx);
    URI ready = sustain ? URI.create(o.get("ready")) : null;
    Promise<JsonObject> result = Promise.promise();
    vertx.runOnContext(v -> {
      Future<JsonObject> before = sustain ? sample(web, ready) : Future.succeededFuture(null);
      before.compose(first -> load(web, ready, first)).onComplete(result);
    });
    return result.future().onComplete(x -> web.close());
  }

  private Future<JsonObject> load(WebClient web, URI ready, JsonObject first) {
    HttpClient client = o.client(vertx, o.connections);
    RequestOptions request = o.request();
    Buffer[] bodies = Packets.bodies(o.batch);
    double requestsPerSecond = o.rate / o.batch;
    // Warm-up requests (sustain: none unless asked) are sent at the same rate but not recorded.
    long warmup = Math.round(requestsPerSecond * o.warmup);
    long total = warmup + Math.round(requestsPerSecond * o.seconds);
    Histogram histogram = Latency.histogram();
    Map<String, Long> statuses = new HashMap<>();
    JsonArray backlog = new JsonArray();
    JsonArray length = new JsonArray();
    long[] counters = new long[4]; // sent, completed, outstanding, overload
    int[] readyFailures = {0};
    long start = System.nanoTime();
    Promise<JsonObject> finished = Promise.promise();
    long sampler = !sustain ? -1 : vertx.setPeriodic(1000, id -> sample(web, ready).onComplete(ar -> {
      if (ar.succeeded() && ar.result() != null) {
        backlog.add(ar.result().getLong("backlog"));
        length.add(ar.result().getLong("length"));
      } else {
        readyFailures[0]++;
      }
    }));
    vertx.setPeriodic(1, timer -> {
      long due = Math.min(total, (long) ((System.nanoTime() - start) / 1e9 * requestsPerSecond));
      while (counters[0] < due) {
        long intended = start + (long) (counters[0]++ / requestsPerSecond * 1e9);
        boolean recorded = counters[0] > warmup;
        if (counters[2] >= MAX_OUTSTANDING) {
          if (recorded) counters[3]++;
          counters[1]++;
          continue;
        }
        counters[2]++;
        LoadGenerator.send(client, request, bodies[(int) (counters[0] & (bodies.length - 1))], false)
            .onComplete(ar -> {
              counters[2]--;
              counters[1]++;
              if (!recorded) return;
              statuses.merge(ar.succeeded() ? Integer.toString(ar.result().status()) : Latency.failure(ar.cause()),
                  1L, Long::sum);
              Latency.record(histogram, System.nanoTime() - intended);
            });
      }
      if (counters[0] >= total && counters[1] >= total) {
        vertx.cancelTimer(timer);
        if (sampler >= 0) vertx.cancelTimer(sampler);
        double elapsed = (System.nanoTime() - start) / 1e9 - o.warmup;
        Future<JsonObject> last = sustain ? sample(web, ready) : Future.succeededFuture(null);
        last.onComplete(ar -> finished.complete(summary(histogram, statuses, counters[3], elapsed, first,
            ar.succeeded() ? ar.result() : null, backlog, length, readyFailures[0])));
      }
    });
    return finished.future().eventually(client::close);
  }

  private JsonObject summary(Histogram histogram, Map<String, Long> statuses, long overload, double elapsed,
                             JsonObject first, JsonObject last, JsonArray backlog, JsonArray length,
                             int readyFailures) {
    long ok = statuses.getOrDefault("200", 0L);
    long errors = Latency.errors(statuses) + overload;
    JsonObject json = new JsonObject()
        .put("url", o.url.toString())
        .put("rate", o.rate)
        .put("batch", o.batch)
        .put("connections", o.connections)
        .put("seconds", o.seconds)
        .put("elapsed_s", Math.round(elapsed * 100) / 100.0)
        .put("accepted_packets", ok * o.batch)
        .put("delivered_packets_per_s", Math.round(ok * o.batch / (double) o.seconds))
        // What was delivered per second of the time it took, the last answer included: below the rate when
        // this generator (or the server) fell behind. shortfall = 1 - achieved / rate.
        .put("achieved_packets_per_s", Math.round(ok * o.batch / Math.max(elapsed, o.seconds)))
        .put("shortfall", Math.round((1 - ok * o.batch / Math.max(elapsed, o.seconds) / o.rate) * 10000) / 10000.0)
        .put("errors", errors)
        .put("overload_not_sent", overload)
        .put("statuses", Latency.statuses(statuses));
    Latency.put(json, "", histogram);
    if (!sustain) return json;
    json.put("backlog", backlog).put("length", length).put("ready_failures", readyFailures);
    long startBacklog = first == null ? 0 : first.getLong("backlog");
    Long endBacklog = last == null ? null : last.getLong("backlog");
    if (last != null) json.put("backlog_end", endBacklog);
    // What the pipeline took off the stream (scored, committed, acknowledged) per second of the run.
    long end = endBacklog != null ? endBacklog : backlog.isEmpty() ? startBacklog : backlog.getLong(backlog.size() - 1);
    json.put("processed_per_s", Math.round((ok * o.batch - (end - startBacklog)) / elapsed));
    judge(json, backlog, end, ok * o.batch, errors);
    return json;
  }

  /** Did the backlog stay bounded? Sets "bounded" and "verdict" (the reasons when it did not). */
  private void judge(JsonObject json, JsonArray backlog, long end, long accepted, long errors) {
    StringBuilder why = new StringBuilder();
    if (errors > 0) why.append(errors).append(" requests failed; ");
    if (accepted < 0.97 * o.rate * o.seconds) why.append("rate not delivered; ");
    int n = backlog.size();
    int from = n / 4;
    double slope = 0;
    if (n - from >= 3) {
      double sx = 0, sy = 0, sxx = 0, sxy = 0;
      int m = n - from;
      for (int i = from; i < n; i++) {
        double x = i, y = backlog.getLong(i);
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
      }
      slope = (m * sxy - sx * sy) / (m * sxx - sx * sx);
    } else {
      why.append("too few backlog samples; ");
    }
    json.put("backlog_growth_per_s", Math.round(slope));
    json.put("backlog_max", backlog.stream().mapToLong(x -> ((Number) x).longValue()).max().orElse(0));
    if (slope > MAX_GROWTH_SHARE * o.rate) {
      why.append("backlog grew ").append(Math.round(slope)).append("/s; ");
    }
    if (end > MAX_END_BACKLOG_SECONDS * o.rate) why.append("backlog ended at ").append(end).append("; ");
    json.put("bounded", why.length() == 0);
    json.put("verdict", why.length() == 0 ? "bounded" : why.substring(0, why.length() - 2));
  }

  /** The stream-backlog check of GET /ready: {"length": XLEN, "backlog": lag + pending}. */
  static Future<JsonObject> sample(WebClient web, URI ready) {
    return web.get(ready.getPort(), ready.getHost(), ready.getRawPath()).timeout(900).send()
        .map(response -> {
          JsonObject body = response.bodyAsJsonObject();
          for (Object c : body.getJsonArray("checks", new JsonArray())) {
            JsonObject check = (JsonObject) c;
            if ("stream-backlog".equals(check.getString("id")) && check.getJsonObject("data") != null) {
              JsonObject data = check.getJsonObject("data");
              return new JsonObject().put("length", data.getLong("length", 0L))
                  .put("backlog", data.getLong("backlog", data.getLong("length", 0L)));
            }
          }
          throw new IllegalStateException("no stream-backlog check in /ready");
        });
  }
}
