package io.netwatch.detection;

import io.netwatch.testing.Await;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batches of one key in flight together at the detection stage, as a consumer with MAX_IN_FLIGHT above 1 (or a
 * replay at --speed max) sends them: the windows script runs them in one order, and the alert's episode must
 * follow that order, or a batch already counted in the engaging window's count is counted again as a refresh.
 */
@DisplayName("Detection: batches of one key in flight together count each packet once")
class ConcurrentBatchesTest {
  static final int BATCHES = 40;
  static final int PORTS_PER_BATCH = 20;

  @Platform
  static PlatformUnderTest platform;

  @BeforeAll
  static void deploy() {
    platform.deployOnly(platform.config(), "detector");
  }

  @Test
  @DisplayName("40 batches of a port scan sent at once: its alert holds 800 packets, not more")
  void eachPacketCountedOnce() {
    long start = (System.currentTimeMillis() - 3_600_000L) / 300_000 * 300_000; // one 5-minute window, an hour ago
    List<Future<?>> sent = new ArrayList<>();
    for (int b = 0; b < BATCHES; b++) {
      JsonArray rows = new JsonArray();
      for (int p = 0; p < PORTS_PER_BATCH; p++) {
        long at = start + 1_000L * b + p;
        rows.add(EventTimeTest.row("10.77.0.1", "10.77.0.2", 1000 + b * PORTS_PER_BATCH + p, at));
      }
      sent.add(platform.vertx.eventBus().request("anomaly.detect", new JsonObject().put("anomalies", rows)));
    }
    Await.result(Future.all(sent), 30);
    String count = platform.database.text("SELECT packet_count::text FROM alerts WHERE detector = 'port_scan'"
        + " AND alert_key = '10.77.0.1>10.77.0.2'");
    assertThat(count).isEqualTo(String.valueOf(BATCHES * PORTS_PER_BATCH));
  }
}
