package io.netwatch.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator (a process of its own). Every mode prints one JSON line of results.
 *
 * <pre>
 * closed  --url U --connections C --seconds S [--batch N]      max throughput, C requests in flight
 * open    --url U --rate R --seconds S [--batch N]             fixed rate; latency from the intended send time
 * e2e     --url U --rate R --seconds S --cluster-xml F         ingest 200 to the row on anomalies.new (event bus)
 * sustain --url U --rate R --seconds S --batch N --ready URL   fixed packet rate; backlog sampled each second
 * </pre>
 * Options: --token T (bearer token, default dev-ingest-token).
 */
public final class LoadGenerator {
  static final String PACKET = "{\"src_ip\":\"10.0.0.5\",\"dst_ip\":\"192.168.1.10\",\"protocol\":\"TCP\","
      + "\"src_port\":%d,\"dst_port\":4444,\"payload_len\":512,\"ttl\":64,\"tcp_flags\":2,"
      + "\"payload_hex\":\"deadbeef\",\"pkt_rate\":15000}";
  private static final int MAX_OUTSTANDING = 20_000;

  private final Map<String, String> args;
  private final Vertx vertx;
  private final RequestOptions target;
  private final Buffer body;
  private final int packetsPerRequest;
  private final String token;

  private LoadGenerator(Map<String, String> args, Vertx vertx) {
    this.args = args;
    this.vertx = vertx;
    java.net.URI url = java.net.URI.create(args.getOrDefault("url", "http://127.0.0.1:18080/ingest"));
    this.target = new RequestOptions().setMethod(HttpMethod.POST).setHost(url.getHost()).setPort(url.getPort())
        .setURI(url.getPath()).putHeader("Content-Type", "application/json");
    this.token = args.getOrDefault("token", "dev-ingest-token");
    target.putHeader("Authorization", "Bearer " + token);
    this.packetsPerRequest = Integer.parseInt(args.getOrDefault("batch", "1"));
    this.body = Buffer.buffer(packetsPerRequest == 1 ? PACKET.formatted(51234) : batch(packetsPerRequest));
  }

  static String batch(int n) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < n; i++) b.append(i == 0 ? "" : ",").append(PACKET.formatted(1024 + i % 60000));
    return b.append(']').toString();
  }

  public static void main(String[] argv) throws Exception {
    String mode = argv[0];
    Map<String, String> args = new HashMap<>();
    for (int i = 1; i + 1 < argv.length; i += 2) args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    Vertx vertx = mode.equals("e2e")
        ? Vertx.builder().with(new VertxOptions()).withClusterManager(clusterManager(args)).buildClustered()
            .await(60, TimeUnit.SECONDS)
        : Vertx.vertx();
    LoadGenerator generator = new LoadGenerator(args, vertx);
    Future<JsonObject> result = switch (mode) {
      case "closed" -> generator.closed();
      case "open" -> generator.open(false);
      case "e2e" -> generator.endToEnd();
      case "sustain" -> generator.open(true);
      default -> Future.failedFuture("unknown mode " + mode);
    };
    JsonObject json = result.await(30, TimeUnit.MINUTES);
    System.out.println(json.encode());
    vertx.close().await(30, TimeUnit.SECONDS);
    System.exit(0);
  }

  private static io.vertx.core.spi.cluster.ClusterManager clusterManager(Map<String, String> args) throws Exception {
    com.hazelcast.config.Config config = new com.hazelcast.config.FileSystemXmlConfig(args.get("cluster-xml"));
    return new io.vertx.spi.cluster.hazelcast.HazelcastClusterManager(config);
  }

  private HttpClient client(int connections) {
    return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false)
        .setTcpNoDelay(true), new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(MAX_OUTSTANDING));
  }

  private int seconds() {
    return Integer.parseInt(args.getOrDefault("seconds", "10"));
  }

  /** Closed loop: C requests always in flight, each sent when the previous one on its slot is answered. */
  Future<JsonObject> closed() {
    int connections = Integer.parseInt(args.getOrDefault("connections", "64"));
    HttpClient client = client(connections);
    Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
    Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds());
    AtomicLong done = new AtomicLong();
    Promise<JsonObject> finished = Promise.promise();
    AtomicLong slots = new AtomicLong(connections);
    for (int i = 0; i < connections; i++) {
      loop(client, histogram, statuses, warmupEnd, end, done, () -> {
        if (slots.decrementAndGet() == 0) finished.complete(summary(histogram, statuses, done.get(), seconds()));
      });
    }
    return finished.future().eventually(client::close);
  }

  private void loop(HttpClient client, Histogram histogram, Map<Integer, AtomicLong> statuses, long warmupEnd,
                    long end, AtomicLong done, Runnable onEnd) {
    long start = System.nanoTime();
    if (start >= end) {
      onEnd.run();
      return;
    }
    send(client).onComplete(ar -> {
      long now = System.nanoTime();
      if (start >= warmupEnd) {
        int status = ar.succeeded() ? ar.result() : -1;
        statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        synchronized (histogram) {
          histogram.recordValue(now - start);
        }
        done.incrementAndGet();
      }
      loop(client, histogram, statuses, warmupEnd, end, done, onEnd);
    });
  }

  private Future<Integer> send(HttpClient client) {
    return client.request(target).compose(request -> request.send(body))
        .compose(response -> response.body().map(b -> response.statusCode()));
  }

  private Future<JsonObject> sendForIds(HttpClient client) {
    return client.request(target).compose(request -> request.send(body))
        .compose(response -> response.body().map(b -> new JsonObject().put("status", response.statusCode())
            .put("body", response.statusCode() == 200 ? new JsonObject(b) : null)));
  }

  /**
   * Open loop at a fixed rate: request i is due at start + i/R and its latency counts from then, so a
   * slow answer delays nothing and hides nothing (no coordinated omission). With sustain, the stream
   * backlog is read from the platform's /ready each second.
   */
  Future<JsonObject> open(boolean sustain) {
    double requestsPerSecond = Double.parseDouble(args.getOrDefault("rate", "5000")) / packetsPerRequest;
    HttpClient client = client(Integer.parseInt(args.getOrDefault("connections", "64")));
    Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    AtomicLong outstanding = new AtomicLong();
    AtomicLong overload = new AtomicLong();
    long total = (long) (requestsPerSecond * seconds());
    long start = System.nanoTime();
    AtomicLong sent = new AtomicLong();
    AtomicLong completed = new AtomicLong();
    JsonArray backlog = new JsonArray();
    Promise<JsonObject> finished = Promise.promise();
    HttpClient readyClient = client(2);
    long sampler = sustain ? vertx.setPeriodic(1000, id -> sampleBacklog(readyClient, backlog)) : -1;
    vertx.setPeriodic(1, timer -> {
      long now = System.nanoTime();
      long due = Math.min(total, (long) ((now - start) / 1e9 * requestsPerSecond));
      while (sent.get() < due) {
        long intended = start + (long) (sent.getAndIncrement() / requestsPerSecond * 1e9);
        if (outstanding.incrementAndGet() > MAX_OUTSTANDING) {
          outstanding.decrementAndGet();
          overload.incrementAndGet();
          completed.incrementAndGet();
          continue;
        }
        send(client).onComplete(ar -> {
          outstanding.decrementAndGet();
          statuses.computeIfAbsent(ar.succeeded() ? ar.result() : -1, s -> new AtomicLong()).incrementAndGet();
          synchronized (histogram) {
            histogram.recordValue(Math.max(0, System.nanoTime() - intended));
          }
          completed.incrementAndGet();
        });
      }
      if (sent.get() >= total && completed.get() >= total) {
        vertx.cancelTimer(timer);
        if (sampler >= 0) vertx.cancelTimer(sampler);
        JsonObject summary = summary(histogram, statuses, completed.get() - overload.get(),
            (System.nanoTime() - start) / 1e9)
            .put("target_packets_per_s", requestsPerSecond * packetsPerRequest)
            .put("overload_dropped", overload.get());
        if (sustain) summary.put("backlog", backlog);
        finished.complete(summary);
      }
    });
    return finished.future().eventually(() -> Future.join(client.close(), readyClient.close()));
  }

  private void sampleBacklog(HttpClient client, JsonArray backlog) {
    java.net.URI ready = java.net.URI.create(args.get("ready"));
    client.request(HttpMethod.GET, ready.getPort(), ready.getHost(), ready.getPath())
        .compose(request -> request.send())
        .compose(response -> response.body())
        .onSuccess(b -> {
          for (Object check : new JsonObject(b).getJsonArray("checks", new JsonArray())) {
            JsonObject c = (JsonObject) check;
            if ("stream-backlog".equals(c.getString("id")) && c.getJsonObject("data") != null) {
              backlog.add(c.getJsonObject("data").getLong("length"));
            }
          }
        });
  }

  /** Open loop of single packets; each row is matched on anomalies.new (clustered bus) by its stream id. */
  Future<JsonObject> endToEnd() {
    double rate = Double.parseDouble(args.getOrDefault("rate", "5000"));
    HttpClient client = client(64);
    Map<String, Long> answeredAt = new ConcurrentHashMap<>();
    Map<String, Long> arrivedAt = new ConcurrentHashMap<>();
    Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    AtomicLong matched = new AtomicLong();
    vertx.eventBus().<JsonObject>consumer("anomalies.new", message -> {
      long now = System.nanoTime();
      for (Object row : message.body().getJsonArray("anomalies")) {
        String id = ((JsonObject) row).getString("stream_id");
        Long answered = answeredAt.remove(id);
        if (answered != null) {
          synchronized (histogram) {
            histogram.recordValue(Math.max(0, now - answered));
          }
          matched.incrementAndGet();
        } else if (arrivedAt.size() < 100_000) {
          arrivedAt.put(id, now); // the row beat the HTTP answer to us (or it is a warm-up row)
        }
      }
    });
    // The first 3 s are sent but not recorded: the JIT and the pools warm up on real traffic.
    long warmup = (long) (rate * 3);
    long total = (long) (rate * (seconds() + 3));
    long start = System.nanoTime();
    AtomicLong sent = new AtomicLong();
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    Promise<JsonObject> finished = Promise.promise();
    vertx.setPeriodic(1, timer -> {
      long due = Math.min(total, (long) ((System.nanoTime() - start) / 1e9 * rate));
      while (sent.get() < due) {
        boolean recorded = sent.incrementAndGet() > warmup;
        sendForIds(client).onComplete(ar -> {
          long now = System.nanoTime();
          if (ar.failed() || ar.result().getInteger("status") != 200) {
            failed.incrementAndGet();
            return;
          }
          ok.incrementAndGet();
          if (!recorded) return;
          String id = ar.result().getJsonObject("body").getString("id");
          Long arrived = arrivedAt.remove(id);
          if (arrived != null) {
            synchronized (histogram) {
              histogram.recordValue(0);
            }
            matched.incrementAndGet();
          } else {
            answeredAt.put(id, now);
          }
        });
      }
      if (sent.get() >= total) {
        vertx.cancelTimer(timer);
        vertx.setTimer(5000, t -> finished.complete(new JsonObject()
            .put("sent", sent.get() - warmup).put("ok", ok.get()).put("failed", failed.get())
            .put("matched", matched.get())
            .put("p50_ms", histogram.getValueAtPercentile(50) / 1e6)
            .put("p99_ms", histogram.getValueAtPercentile(99) / 1e6)
            .put("max_ms", histogram.getMaxValue() / 1e6)));
      }
    });
    return finished.future().eventually(client::close);
  }

  private static JsonObject summary(Histogram histogram, Map<Integer, AtomicLong> statuses, long requests,
                                    double seconds) {
    JsonObject byStatus = new JsonObject();
    long errors = 0;
    for (Map.Entry<Integer, AtomicLong> e : statuses.entrySet()) {
      byStatus.put(String.valueOf(e.getKey()), e.getValue().get());
      if (e.getKey() != 200) errors += e.getValue().get();
    }
    synchronized (histogram) {
      return new JsonObject()
          .put("requests", requests)
          .put("requests_per_s", Math.round(requests / seconds))
          .put("p50_ms", histogram.getValueAtPercentile(50) / 1e6)
          .put("p99_ms", histogram.getValueAtPercentile(99) / 1e6)
          .put("p999_ms", histogram.getValueAtPercentile(99.9) / 1e6)
          .put("errors", errors)
          .put("statuses", byStatus);
    }
  }

}
