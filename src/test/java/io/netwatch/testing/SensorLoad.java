package io.netwatch.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Sensors posting one packet at a time to the platform's ingest port, each waiting for its answer, until
 * {@link #stop()}: the packets accepted, and every answer that was not a 200, by status or error.
 */
public final class SensorLoad {
  public final AtomicLong accepted = new AtomicLong();
  public final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private final PlatformUnderTest platform;
  private final IntFunction<String> packet;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Promise<Void>> done = new ArrayList<>();

  /** {@code packet} gives the JSON a sensor (0..sensors-1) posts. */
  public SensorLoad(PlatformUnderTest platform, int sensors, IntFunction<String> packet) {
    this.platform = platform;
    this.packet = packet;
    for (int i = 0; i < sensors; i++) {
      Promise<Void> finished = Promise.promise();
      done.add(finished);
      int sensor = i;
      platform.vertx.runOnContext(v -> post(sensor, finished));
    }
  }

  private void post(int sensor, Promise<Void> finished) {
    if (!running.get()) {
      finished.complete();
      return;
    }
    platform.ingestRequest().sendBuffer(Buffer.buffer(packet.apply(sensor))).onComplete(ar -> {
      if (ar.succeeded() && ar.result().statusCode() == 200) {
        accepted.incrementAndGet();
      } else {
        failures.merge(ar.succeeded() ? "HTTP " + ar.result().statusCode() : String.valueOf(ar.cause()), 1, Integer::sum);
      }
      post(sensor, finished);
    });
  }

  /** Stops posting and waits for the answers in flight. */
  public void stop() {
    running.set(false);
    Await.result(Future.all(done.stream().map(Promise::future).toList()));
  }
}
