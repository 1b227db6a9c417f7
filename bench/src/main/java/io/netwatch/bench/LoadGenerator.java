package io.netwatch.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.net.ServerSocket;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The load generator, a process of its own. Every mode prints one line of JSON on stdout.
 *
 * <pre>
 * closed   --url U --connections C --seconds S [--warmup W] [--batch N] [--loops K]
 *          closed loop: C requests always in flight on C keep-alive connections (no pipelining);
 *          requests/s, packets/s, p50/p99/p99.9 and answers by status
 * batch    like closed, with --batch 1000 and --connections 4 by default: packets/s
 * open     --url U --rate R --seconds S [--batch N] [--connections C]
 *          open loop at R packets/s (R/N requests/s); latency counted from each request's intended
 *          send time, so a slow answer cannot hide the requests it held up (no coordinated omission)
 * sustain  open, plus --ready URL: the stream backlog read from the platform's GET /ready each second,
 *          and a verdict: did the backlog stay bounded?
 * e2e      --url U --ws ws://H:P/eventbus/websocket --rate R --seconds S [--metrics URL] [--tail 1]
 *          single packets at R/s; the rows sampled into the live feed's frames (anomalies.live, SockJS bridge,
 *          raw websocket) are matched to their ingest answers by stream id: latency from the 200 to the
 *          frame holding the row; rows sampled vs committed (the frames' counts); the platform's own
 *          pipeline histogram from --metrics
 * browsers --ws ws://H:P/eventbus/websocket --count N --seconds S
 *          N bridge clients registered on anomalies.live, held S seconds once all are receiving (a line
 *          "browsers ready: ..." on stderr marks that moment): frames and sampled rows per client
 * body     --batch N [--mixed true]   prints a request body: the seed packet, or a JSON array of N packets
 *          (with --mixed, of mixed traffic: many sources, hosts and ports)
 * free-port  prints a free TCP port on 127.0.0.1
 * </pre>
 * Closed-loop figures are measured with wrk (bench/wrk/post.lua); {@code closed} stays to show this
 * generator's own closed-loop ceiling on the trivial route.
 * Common options: --token T (bearer token; dev-ingest-token), --warmup W (seconds sent but not recorded;
 * 2, sustain 0), --loops K (client event loops; 2).
 */
public final class LoadGenerator {
  static final String DEFAULT_TOKEN = "dev-ingest-token";

  private LoadGenerator() {
  }

  public static void main(String[] argv) throws Exception {
    if (argv.length == 0) {
      System.err.println("usage: LoadGenerator closed|batch|open|sustain|e2e|browsers|body|free-port [--option value ...]");
      System.exit(2);
    }
    String mode = argv[0];
    Map<String, String> args = new HashMap<>();
    for (int i = 1; i + 1 < argv.length; i += 2) args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    if (mode.equals("body")) {
      int batch = Integer.parseInt(args.getOrDefault("batch", "1"));
      if (args.containsKey("mixed")) System.out.print(Packets.mixed(batch));
      else System.out.print(batch <= 1 ? Packets.packet(51234) : Packets.bodies(batch)[0].toString());
      System.out.flush();
      return;
    }
    if (mode.equals("free-port")) {
      try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        System.out.println(socket.getLocalPort());
      }
      return;
    }
    Options options = new Options(mode, args);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.max(1, options.loops)));
    int exit = 0;
    try {
      Future<JsonObject> result = switch (mode) {
        case "closed", "batch" -> new ClosedLoop(vertx, options).run();
        case "open" -> new OpenLoop(vertx, options, false).run();
        case "sustain" -> new OpenLoop(vertx, options, true).run();
        case "e2e" -> new EndToEnd(vertx, options).run();
        case "browsers" -> new Browsers(vertx, options).run();
        default -> Future.failedFuture("unknown mode " + mode);
      };
      JsonObject json = result.await(options.seconds + options.warmup + 600L, TimeUnit.SECONDS);
      System.out.println(json.put("mode", mode).encode());
    } catch (Exception e) {
      System.err.println(mode + " failed: " + e);
      exit = 1;
    } finally {
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // exiting anyway
      }
    }
    System.exit(exit);
  }

  /** Command-line options shared by the modes. */
  static final class Options {
    final String mode;
    final Map<String, String> args;
    final URI url;
    final String token;
    final int batch;
    final int connections;
    final int seconds;
    final int warmup;
    final int loops;
    final double rate;

    Options(String mode, Map<String, String> args) {
      this.mode = mode;
      this.args = args;
      boolean batchMode = mode.equals("batch");
      this.url = URI.create(args.getOrDefault("url", "http://127.0.0.1:8080/ingest"));
      this.token = args.getOrDefault("token", DEFAULT_TOKEN);
      this.batch = Integer.parseInt(args.getOrDefault("batch", batchMode ? "1000" : "1"));
      this.connections = Integer.parseInt(args.getOrDefault("connections",
          batchMode ? "4" : mode.equals("sustain") ? "16" : "64"));
      this.seconds = Integer.parseInt(args.getOrDefault("seconds", "10"));
      this.warmup = Integer.parseInt(args.getOrDefault("warmup", mode.equals("sustain") ? "0" : "2"));
      this.loops = Integer.parseInt(args.getOrDefault("loops", "2"));
      this.rate = Double.parseDouble(args.getOrDefault("rate", "5000"));
    }

    String get(String key) {
      String value = args.get(key);
      if (value == null) throw new IllegalArgumentException("--" + key + " is required in mode " + mode);
      return value;
    }

    RequestOptions request() {
      return new RequestOptions().setMethod(HttpMethod.POST).setHost(url.getHost())
          .setPort(url.getPort() > 0 ? url.getPort() : 80).setURI(url.getRawPath())
          .putHeader("Content-Type", "application/json")
          .putHeader("Authorization", "Bearer " + token)
          .setTimeout(30_000);
    }

    /** HTTP/1.1 keep-alive, no pipelining, a pool of {@code connections}. */
    HttpClient client(Vertx vertx, int poolSize) {
      return vertx.createHttpClient(
          new HttpClientOptions().setKeepAlive(true).setPipelining(false).setTcpNoDelay(true),
          new PoolOptions().setHttp1MaxSize(poolSize).setMaxWaitQueueSize(-1));
    }
  }

  /** Sends one request; the answer's status code (and body, when wanted). */
  static Future<Answer> send(HttpClient client, RequestOptions options, Buffer body, boolean keepBody) {
    return client.request(options)
        .compose(request -> request.send(body))
        .compose(response -> response.body()
            .map(b -> new Answer(response.statusCode(), keepBody ? b : null)));
  }

  record Answer(int status, Buffer body) {
  }
}
