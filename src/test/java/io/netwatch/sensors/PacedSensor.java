package io.netwatch.sensors;

import io.netwatch.testing.Await;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sensor posting {@code perTick} packets (one a request) every {@code intervalMs} with its token, without waiting
 * for answers (a sensor that keeps its pace whatever the platform says), until {@link #stop()}: its answers by status.
 */
final class PacedSensor {
  final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
  final Map<String, Integer> retryAfter = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Promise<Void> drained = Promise.promise();
  private final PlatformUnderTest platform;
  private final long timer;
  /** Its own connections: a paced sender must not queue behind the platform client's five. */
  private final WebClient http;
  private volatile boolean stopped;

  PacedSensor(PlatformUnderTest platform, String token, long intervalMs, int perTick) {
    this.platform = platform;
    int port = platform.ingestPort();
    http = WebClient.wrap(platform.vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(64)));
    timer = platform.vertx.setPeriodic(intervalMs, id -> {
      for (int i = 0; i < perTick; i++) send(port, token);
    });
  }

  private void send(int port, String token) {
    {
      inFlight.incrementAndGet();
      http.post(port, "127.0.0.1", "/ingest").putHeader("Authorization", "Bearer " + token)
          .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(SensorApi.PACKET))
          .onComplete(ar -> {
            int status = ar.succeeded() ? ar.result().statusCode() : -1;
            statuses.merge(status, 1, Integer::sum);
            if (status == 429) retryAfter.merge(String.valueOf(ar.result().getHeader("Retry-After")), 1, Integer::sum);
            if (inFlight.decrementAndGet() == 0 && stopped) drained.tryComplete();
          });
    }
  }

  int count(int status) {
    return statuses.getOrDefault(status, 0);
  }

  int sent() {
    return statuses.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Stops sending and waits for the answers in flight. */
  void stop() {
    platform.vertx.cancelTimer(timer);
    stopped = true;
    if (inFlight.get() == 0) drained.tryComplete();
    Await.result(drained.future(), 30);
    http.close();
  }
}
