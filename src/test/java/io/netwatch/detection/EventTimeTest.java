package io.netwatch.detection;

import io.netwatch.testing.Await;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.netwatch.testing.Consistently.holdsFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Detection by event time, at the detection stage's own address (as the stream consumer calls it): the rows
 * carry yesterday's times, as a replayed capture's would. Each test uses address blocks of its own.
 */
@DisplayName("Detection by event time: order and speed change nothing, bursts across a boundary still engage")
class EventTimeTest {
  static final int SYN = 0x02;
  /** A window boundary of yesterday: the traffic below straddles it. */
  static final long BOUNDARY = (System.currentTimeMillis() - 86_400_000L) / 60_000 * 60_000;

  @Platform
  static PlatformUnderTest platform;

  @BeforeAll
  static void deploy() {
    JsonObject config = platform.config();
    config.getJsonObject("detection").put("release_check_ms", 200).put("detectors", new JsonObject()
        .put("port_scan", new JsonObject().put("window_seconds", 60))
        .put("syn_flood", new JsonObject().put("threshold", 200))
        .put("source_flood", new JsonObject().put("threshold", 100_000)));
    platform.deployOnly(config, "detector");
  }

  /** A scored row as persistence passes it on, at event time {@code at}. */
  static JsonObject row(String src, String dst, int port, long at) {
    return new JsonObject().put("src_ip", src).put("dst_ip", dst).put("protocol", "TCP").put("dst_port", port)
        .put("tcp_flags", SYN).put("score", 0.25).put("severity", "medium").put("reasons", new JsonArray().add("syn_only"))
        .put("stream_id", at + "-" + port).put("received_at", at);
  }

  /**
   * A 20-port scan and a 300-SYN flood, each half before and half after the boundary (neither half alone is
   * over its threshold: 10 ports of 15, 150 SYNs of 200), plus a quiet source under every threshold.
   */
  static List<JsonObject> traffic(String block) {
    List<JsonObject> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) rows.add(row(block + ".0.1", block + ".0.2", 1000 + i, BOUNDARY - 1000 + 100 * i));
    for (int i = 0; i < 300; i++) rows.add(row(block + ".1." + (i % 50 + 1), block + ".0.3", 80, BOUNDARY - 1500 + 10 * i));
    for (int i = 0; i < 10; i++) rows.add(row(block + ".0.9", block + ".0.10", 443, BOUNDARY - 5000 + 1000 * i));
    rows.sort(java.util.Comparator.comparingLong(r -> r.getLong("received_at")));
    return rows;
  }

  static void detect(List<JsonObject> rows) {
    Await.result(platform.vertx.eventBus().request("anomaly.detect",
        new JsonObject().put("anomalies", new JsonArray(new ArrayList<>(rows)))), 10);
  }

  /** The block's alerts as comparable text: detector, key (block removed), count, first and last seen. */
  static List<String> alerts(String block) {
    String text = platform.database.text("SELECT string_agg(a, '/' ORDER BY a) FROM (SELECT detector || ' '"
        + " || replace(alert_key, ?, 'X') || ' ' || packet_count || ' ' || (extract(epoch FROM first_seen) * 1000)::bigint"
        + " || ' ' || (extract(epoch FROM last_seen) * 1000)::bigint AS a FROM alerts"
        + " WHERE host(src_ip) LIKE ? OR host(dst_ip) LIKE ?) t", block, block + ".%", block + ".%");
    return text == null ? List.of() : List.of(text.split("/"));
  }

  @Test
  @DisplayName("in time order 10 rows at a time, or backwards in one batch: the same alerts, counts and event times")
  void orderAndSpeedChangeNothing() {
    List<JsonObject> inOrder = traffic("10.41");
    for (int i = 0; i < inOrder.size(); i += 10) detect(inOrder.subList(i, Math.min(inOrder.size(), i + 10)));
    List<JsonObject> backwards = traffic("10.42");
    Collections.reverse(backwards);
    detect(backwards);

    List<String> slow = alerts("10.41");
    assertThat(slow).containsExactly(
        "port_scan X.0.1>X.0.2 20 " + (BOUNDARY - 1000) + " " + (BOUNDARY + 900),
        "syn_flood X.0.3 300 " + (BOUNDARY - 1500) + " " + (BOUNDARY + 1490));
    assertThat(alerts("10.42")).isEqualTo(slow);
  }

  @Test
  @DisplayName("yesterday's capture replayed today: first and last seen are yesterday's, and it does not go quiet at once")
  void yesterdayStaysYesterday() {
    detect(traffic("10.43"));
    assertThat(platform.database.count("SELECT count(*) FROM alerts WHERE host(src_ip) = '10.43.0.1'"
        + " AND first_seen = to_timestamp(? / 1000.0) AND last_seen = to_timestamp(? / 1000.0)",
        BOUNDARY - 1000, BOUNDARY + 900)).isEqualTo(1);
    assertThat(Instant.ofEpochMilli(BOUNDARY)).isBefore(Instant.now().minus(Duration.ofHours(23)));
    // Quiet is measured on the wall clock since its last packet was processed (120 s here), not from last_seen.
    holdsFor(Duration.ofSeconds(2), () -> assertThat(platform.database.count(
        "SELECT count(*) FROM alerts WHERE host(src_ip) = '10.43.0.1' AND state = 'engaged'")).isEqualTo(1));
  }
}
