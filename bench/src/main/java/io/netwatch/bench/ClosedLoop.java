package io.netwatch.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closed loop, maximum throughput: C request chains, each sending its next request as soon as the previous
 * answer is read, over one HttpClient with a pool of C keep-alive connections. Requests started during
 * the warm-up are not recorded; requests started in the measured window are (throughput = those / window).
 */
final class ClosedLoop {
  private final Vertx vertx;
  private final LoadGenerator.Options o;

  ClosedLoop(Vertx vertx, LoadGenerator.Options options) {
    this.vertx = vertx;
    this.o = options;
  }

  /** Per event-loop state: touched only on its own context. */
  private static final class Lane {
    final Histogram histogram = Latency.histogram();
    final Map<String, Long> statuses = new HashMap<>();
    long done;
    int next;
  }

  Future<JsonObject> run() {
    HttpClient client = o.client(vertx, o.connections);
    RequestOptions request = o.request();
    Buffer[] bodies = Packets.bodies(o.batch);
    long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.warmup);
    long end = warmupEnd + TimeUnit.SECONDS.toNanos(o.seconds);
    Promise<JsonObject> finished = Promise.promise();
    List<Lane> lanes = new ArrayList<>();
    AtomicInteger running = new AtomicInteger(o.connections);
    int loops = Math.max(1, Math.min(o.loops, o.connections));
    for (int l = 0; l < loops; l++) {
      Lane lane = new Lane();
      lanes.add(lane);
      Context context = vertx.getOrCreateContext();
      int chains = o.connections / loops + (l < o.connections % loops ? 1 : 0);
      context.runOnContext(v -> {
        for (int c = 0; c < chains; c++) {
          chain(client, request, bodies, lane, warmupEnd, end, () -> {
            if (running.decrementAndGet() == 0) finished.complete(summary(lanes));
          });
        }
      });
    }
    return finished.future().eventually(client::close);
  }

  private void chain(HttpClient client, RequestOptions request, Buffer[] bodies, Lane lane, long warmupEnd,
                     long end, Runnable onEnd) {
    long start = System.nanoTime();
    if (start >= end) {
      onEnd.run();
      return;
    }
    Buffer body = bodies[lane.next++ & (bodies.length - 1)];
    LoadGenerator.send(client, request, body, false).onComplete(ar -> {
      if (start >= warmupEnd) {
        Latency.record(lane.histogram, System.nanoTime() - start);
        lane.statuses.merge(ar.succeeded() ? Integer.toString(ar.result().status()) : Latency.failure(ar.cause()),
            1L, Long::sum);
        lane.done++;
      }
      chain(client, request, bodies, lane, warmupEnd, end, onEnd);
    });
  }

  private JsonObject summary(List<Lane> lanes) {
    Histogram all = Latency.histogram();
    Map<String, Long> statuses = new HashMap<>();
    long done = 0;
    for (Lane lane : lanes) {
      all.add(lane.histogram);
      lane.statuses.forEach((k, v) -> statuses.merge(k, v, Long::sum));
      done += lane.done;
    }
    double perSecond = done / (double) o.seconds;
    JsonObject json = new JsonObject()
        .put("url", o.url.toString())
        .put("connections", o.connections)
        .put("batch", o.batch)
        .put("seconds", o.seconds)
        .put("requests", done)
        .put("requests_per_s", Math.round(perSecond))
        .put("packets_per_s", Math.round(statuses.getOrDefault("200", 0L) * (double) o.batch / o.seconds))
        .put("errors", Latency.errors(statuses))
        .put("statuses", Latency.statuses(statuses));
    return Latency.put(json, "", all);
  }
}
