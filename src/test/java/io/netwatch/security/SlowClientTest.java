package io.netwatch.security;

import io.netwatch.testing.Await;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow clients cannot starve the ingest port: a flood of connections that send half a request header and
 * then nothing is closed after HEADER_TIMEOUT_MS (or at once, over MAX_CONNECTIONS_PER_SOURCE), idle
 * keep-alive connections after IDLE_TIMEOUT_SECONDS, and sensors posting meanwhile are answered as fast as
 * before. The flood comes from 127.0.0.2 and 127.0.0.3, the sensors from 127.0.0.1 (all loopback on Linux).
 */
@Tag("slow")
@DisplayName("Slow clients: half-header floods time out or are refused; sensors keep their latency")
class SlowClientTest {
  static final String HALF_HEADER = "POST /ingest HTTP/1.1\r\nHost: netwatch\r\nContent-Type: application/json\r\nAuthoriz";
  static final String PACKET = "{\"src_ip\":\"10.55.0.1\",\"dst_ip\":\"10.0.0.1\",\"protocol\":\"UDP\",\"dst_port\":53}";
  static final int SENSORS = 8;

  @Platform
  PlatformUnderTest platform;
  Vertx clients;
  final Sensors sensors = new Sensors();

  @BeforeEach
  void clients() {
    clients = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    sensors.running.set(false);
    Await.result(clients.close());
  }

  /** Raw sockets from {@code source}: each sends {@link #HALF_HEADER} and nothing more. */
  final class Flood {
    final NetClient client;
    final List<Long> closedAfterMs = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger connected = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();

    Flood(String source) {
      client = clients.createNetClient(new NetClientOptions().setLocalAddress(source).setConnectTimeout(10_000));
    }

    /** Opens {@code count} sockets, a hundred at a time, and returns once all are connected or failed. */
    void open(int count) {
      for (int done = 0; done < count; done += 100) {
        List<Future<NetSocket>> batch = new ArrayList<>();
        for (int i = done; i < Math.min(count, done + 100); i++) {
          long requestedAt = System.nanoTime();
          batch.add(client.connect(platform.ingestPort(), "127.0.0.1")
              .onSuccess(socket -> sendHalfAHeader(socket, requestedAt))
              .onFailure(err -> failed.incrementAndGet()));
        }
        Await.result(Future.join(batch).recover(err -> Future.succeededFuture()), 30);
      }
    }

    /** A socket's lifetime counts from before its connect: never shorter than the server's view of it. */
    private void sendHalfAHeader(NetSocket socket, long requestedAt) {
      connected.incrementAndGet();
      socket.closeHandler(v -> closedAfterMs.add((System.nanoTime() - requestedAt) / 1_000_000));
      socket.write(HALF_HEADER);
    }

    long slowest() {
      synchronized (closedAfterMs) {
        return closedAfterMs.stream().mapToLong(Long::longValue).max().orElse(-1);
      }
    }

    long fastest() {
      synchronized (closedAfterMs) {
        return closedAfterMs.stream().mapToLong(Long::longValue).min().orElse(-1);
      }
    }

    long closedWithin(long ms) {
      synchronized (closedAfterMs) {
        return closedAfterMs.stream().filter(t -> t < ms).count();
      }
    }
  }

  /** Sensors on keep-alive connections, each posting one packet per request, back to back; latencies by phase. */
  final class Sensors {
    final AtomicBoolean running = new AtomicBoolean(true);
    final ConcurrentLinkedQueue<Long> baselineMicros = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Long> floodMicros = new ConcurrentLinkedQueue<>();
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger failures = new AtomicInteger();
    volatile boolean flooded;
    WebClient http;

    void start() {
      http = WebClient.create(clients, new WebClientOptions().setKeepAlive(true)
          .setDefaultHost("127.0.0.1").setDefaultPort(platform.ingestPort()), new PoolOptions().setHttp1MaxSize(SENSORS));
      for (int i = 0; i < SENSORS; i++) post();
    }

    private void post() {
      if (!running.get()) return;
      long start = System.nanoTime();
      boolean duringFlood = flooded;
      http.post("/ingest").putHeader("Authorization", "Bearer " + PlatformUnderTest.INGEST_TOKEN)
          .sendBuffer(Buffer.buffer(PACKET))
          .onComplete(ar -> {
            if (ar.succeeded() && ar.result().statusCode() == 200) {
              accepted.incrementAndGet();
              (duringFlood ? floodMicros : baselineMicros).add((System.nanoTime() - start) / 1000);
            } else {
              failures.incrementAndGet();
            }
            post();
          });
    }

    int stop() {
      running.set(false);
      return accepted.get();
    }
  }

  static long percentile(ConcurrentLinkedQueue<Long> micros, double p) {
    List<Long> sorted = new ArrayList<>(micros);
    Collections.sort(sorted);
    return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
  }

  @Test
  @DisplayName("1,500 half-header sockets: closed after HEADER_TIMEOUT_MS; sensors answered as fast as before meanwhile")
  void halfHeaderFloodTimesOut() {
    long headerTimeoutMs = 3_000;
    platform.deployOnly(platform.config().put("header_timeout_ms", headerTimeoutMs)
        .put("max_connections_per_source", 5_000), "ingest");
    sensors.start();
    // Warmed up first (JIT, pools), then the baseline.
    within(Duration.ofSeconds(20), () -> assertThat(sensors.baselineMicros).hasSizeGreaterThan(2_000));
    sensors.baselineMicros.clear();
    within(Duration.ofSeconds(20), () -> assertThat(sensors.baselineMicros).hasSizeGreaterThan(3_000));

    Flood flood = new Flood("127.0.0.2");
    sensors.flooded = true;
    long floodStart = System.nanoTime();
    flood.open(1_500);
    long openedInMs = (System.nanoTime() - floodStart) / 1_000_000;
    assertThat(flood.connected.get()).isEqualTo(1_500);
    // Sensors measured while every slow socket is open (none is due before the timeout).
    within(Duration.ofSeconds(20), () -> assertThat(sensors.floodMicros).hasSizeGreaterThan(3_000));
    assertThat(flood.closedAfterMs).as("closed before the header timeout").isEmpty();

    within(Duration.ofMillis(headerTimeoutMs + 10_000),
        () -> assertThat(flood.closedAfterMs).hasSize(1_500));
    sensors.stop();
    long baseP50 = percentile(sensors.baselineMicros, 0.50);
    long baseP99 = percentile(sensors.baselineMicros, 0.99);
    long floodP50 = percentile(sensors.floodMicros, 0.50);
    long floodP99 = percentile(sensors.floodMicros, 0.99);
    System.out.printf("SLOW-CLIENT FLOOD: 1500 half-header sockets opened in %d ms; closed %d..%d ms after opening"
            + " (HEADER_TIMEOUT_MS %d); sensors p50/p99 %d/%d us before, %d/%d us during (%d/%d requests), %d failed%n",
        openedInMs, flood.fastest(), flood.slowest(), headerTimeoutMs, baseP50, baseP99, floodP50, floodP99,
        sensors.baselineMicros.size(), sensors.floodMicros.size(), sensors.failures.get());

    assertThat(sensors.failures.get()).isZero();
    assertThat(flood.fastest()).as("no slow socket closed before the timeout").isGreaterThanOrEqualTo(headerTimeoutMs);
    assertThat(flood.slowest()).as("every slow socket closed soon after it").isLessThan(headerTimeoutMs + 3_000);
    assertThat(floodP50).as("median latency during the flood").isLessThanOrEqualTo(2 * baseP50 + 2_000);
    assertThat(floodP99).as("p99 latency during the flood").isLessThanOrEqualTo(2 * baseP99 + 30_000);
    // Every 200 is in the stream (the answers still in flight at the stop arrive meanwhile).
    within(Duration.ofSeconds(10), () -> assertThat(platform.streamLength()).isEqualTo(sensors.accepted.get()));
  }

  @Test
  @DisplayName("over MAX_CONNECTIONS_PER_SOURCE a source's sockets are closed at once, other sources unaffected;"
      + " an idle keep-alive connection is closed after IDLE_TIMEOUT_SECONDS")
  void perSourceLimitAndIdleTimeout() {
    long headerTimeoutMs = 2_000;
    platform.deployOnly(platform.config().put("header_timeout_ms", headerTimeoutMs)
        .put("max_connections_per_source", 100).put("idle_timeout_seconds", 4), "ingest");
    sensors.start();
    Flood flood = new Flood("127.0.0.3");
    flood.open(400);
    within(Duration.ofMillis(headerTimeoutMs + 5_000), () -> assertThat(flood.closedAfterMs).hasSize(400));
    assertThat(flood.closedWithin(headerTimeoutMs / 2)).as("refused at once").isEqualTo(300);
    assertThat(flood.slowest()).as("the admitted ones at the header timeout").isGreaterThanOrEqualTo(headerTimeoutMs);
    int before = sensors.accepted.get();
    within(Duration.ofSeconds(5), () -> assertThat(sensors.accepted.get()).isGreaterThan(before + 500));
    sensors.stop();
    assertThat(sensors.failures.get()).isZero();

    // A keep-alive connection with one complete request, then silence: closed by the idle timeout.
    NetSocket socket = Await.result(clients.createNetClient().connect(platform.ingestPort(), "127.0.0.1"));
    Buffer answer = Buffer.buffer();
    AtomicBoolean closed = new AtomicBoolean();
    socket.handler(answer::appendBuffer).closeHandler(v -> closed.set(true));
    long sentAt = System.nanoTime();
    socket.write("GET /ingest HTTP/1.1\r\nHost: netwatch\r\n\r\n");
    within(Duration.ofSeconds(3), () -> assertThat(answer.toString()).startsWith("HTTP/1.1 405"));
    within(Duration.ofSeconds(8), () -> assertThat(closed).isTrue());
    assertThat((System.nanoTime() - sentAt) / 1_000_000).as("idle for the timeout first").isGreaterThanOrEqualTo(3_900);
  }

  @Test
  @DisplayName("the web port has the same limits: a half header is closed after HEADER_TIMEOUT_MS")
  void webPortToo() {
    platform.deployOnly(platform.config().put("header_timeout_ms", 1_000), "dashboard");
    NetSocket socket = Await.result(clients.createNetClient().connect(platform.webPort(), "127.0.0.1"));
    AtomicBoolean closed = new AtomicBoolean();
    socket.closeHandler(v -> closed.set(true));
    long openedAt = System.nanoTime();
    socket.write("GET /api/v1/anomalies HTTP/1.1\r\nHost: net");
    within(Duration.ofSeconds(5), () -> assertThat(closed).isTrue());
    assertThat((System.nanoTime() - openedAt) / 1_000_000).isBetween(950L, 4_000L);
    assertThat(Await.result(WebClient.create(clients).get(platform.webPort(), "127.0.0.1", "/health").send())
        .bodyAsJsonObject().getString("status")).isEqualTo("UP");
  }

  @Test
  @DisplayName("a closed WebSocket (the bridge) gives its place back: a source may open and close many more than its limit")
  void closedWebSocketsAreReleased() {
    platform.deployOnly(platform.config().put("max_connections_per_source", 5), "dashboard");
    var sockets = clients.createWebSocketClient();
    for (int i = 0; i < 20; i++) {
      var socket = Await.result(sockets.connect(platform.webPort(), "127.0.0.1", "/eventbus/websocket"));
      AtomicBoolean closed = new AtomicBoolean();
      socket.closeHandler(v -> closed.set(true));
      Await.result(socket.close());
      within(Duration.ofSeconds(5), () -> assertThat(closed).isTrue());
    }
    assertThat(Await.result(WebClient.create(clients).get(platform.webPort(), "127.0.0.1", "/health").send())
        .statusCode()).isEqualTo(200);
  }
}
