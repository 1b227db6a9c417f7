package io.netwatch.detection;

import io.netwatch.testing.Await;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static io.netwatch.testing.Consistently.holdsFor;
import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 23's contract: an analyzer outage under steady traffic engages nothing the same traffic without it
 * would not. The detectors count by event time (here ingest's receipt), not by when the backlog is read.
 */
@DisplayName("Detection by event time: a 40 s analyzer outage under steady traffic engages nothing")
class AnalyzerOutageTest {
  static final int PSH_ACK = 0x18;

  @Platform
  PlatformUnderTest platform;

  @Test
  @DisplayName("5 packets/s from one source (50 per 10 s window, threshold 100); 200 read in one go after 40 s: no alert")
  void outageEngagesNothing() {
    JsonObject config = platform.config();
    config.getJsonObject("detection").put("detectors", new JsonObject()
        .put("source_flood", new JsonObject().put("window_seconds", 10).put("threshold", 100)));
    platform.deployOnly(config, "persistence", "scorer", "detector", "ingest");
    String consumer = platform.deployOnly(config, "stream-consumer");

    AtomicLong accepted = new AtomicLong();
    Map<String, Integer> failures = new ConcurrentHashMap<>();
    String packet = DetectionTest.packet("10.50.0.1", "10.50.0.2", 443, PSH_ACK).encode();
    long timer = platform.vertx.setPeriodic(200, id -> platform.ingestRequest().sendBuffer(Buffer.buffer(packet))
        .onComplete(ar -> {
          if (ar.succeeded() && ar.result().statusCode() == 200) accepted.incrementAndGet();
          else failures.merge(ar.succeeded() ? "HTTP " + ar.result().statusCode() : String.valueOf(ar.cause()), 1, Integer::sum);
        }));
    try {
      within(Duration.ofSeconds(15), () -> assertThat(accepted.get()).isGreaterThanOrEqualTo(25));
      within(Duration.ofSeconds(15), () -> assertThat(platform.allAcknowledged()).isTrue());

      Await.result(platform.vertx.undeploy(consumer));
      long atOutage = accepted.get();
      // 40 s of traffic builds up unread: read at once by arrival it would be 200 packets in one window.
      within(Duration.ofSeconds(60), () -> assertThat(accepted.get() - atOutage).isGreaterThanOrEqualTo(200));
      platform.deployOnly(config, "stream-consumer");
      long atReturn = accepted.get();
      within(Duration.ofSeconds(20), () -> assertThat(accepted.get() - atReturn).isGreaterThanOrEqualTo(25));
    } finally {
      platform.vertx.cancelTimer(timer);
    }
    within(Duration.ofSeconds(30), () -> assertThat(platform.allAcknowledged()).isTrue());
    assertThat(failures).isEmpty();
    assertThat(platform.database.count("SELECT count(*) FROM anomalies WHERE src_ip = '10.50.0.1'"))
        .isEqualTo(accepted.get());
    // Detection runs before the acknowledgement: every packet has been through it.
    holdsFor(Duration.ofSeconds(1), () -> assertThat(platform.database.count("SELECT count(*) FROM alerts")).isZero());
  }
}
