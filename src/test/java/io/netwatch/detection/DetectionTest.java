package io.netwatch.detection;

import io.netwatch.testing.Await;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Synthetic traffic through the real pipeline (ingest, stream, scorer, PostgreSQL, detectors in Redis):
 * each attack becomes exactly one alert, benign traffic none. Each test uses addresses of its own.
 */
@DisplayName("Detection: scans, floods and sweeps become one alert each, through the real pipeline")
class DetectionTest {
  static final int SYN = 0x02;
  static final int PSH_ACK = 0x18;

  @Platform
  static PlatformUnderTest platform;
  static final List<JsonObject> engagedEvents = new CopyOnWriteArrayList<>();
  static final List<JsonObject> releasedEvents = new CopyOnWriteArrayList<>();
  static final List<JsonObject> updatedEvents = new CopyOnWriteArrayList<>();
  static MessageConsumer<JsonObject> updatedConsumer;
  static MessageConsumer<JsonObject> engagedConsumer;
  static MessageConsumer<JsonObject> releasedConsumer;

  @BeforeAll
  static void deploy() {
    engagedConsumer = platform.vertx.eventBus().consumer("alerts.engaged", m -> engagedEvents.add(m.body()));
    releasedConsumer = platform.vertx.eventBus().consumer("alerts.released", m -> releasedEvents.add(m.body()));
    updatedConsumer = platform.vertx.eventBus().consumer("alerts.updated", m -> updatedEvents.add(m.body()));
    JsonObject config = platform.config();
    config.getJsonObject("detection")
        .put("release_check_ms", 200)
        .put("detectors", new JsonObject()
            .put("syn_flood", new JsonObject().put("threshold", 200))
            .put("source_flood", new JsonObject().put("threshold", 100_000)))
        // Per-packet alerts go quiet fast here, so that one test can watch a release.
        .put("packet_alerts", new JsonObject().put("quiet_seconds", 2));
    platform.deploy(config);
  }

  @AfterAll
  static void unregister() {
    engagedConsumer.unregister();
    releasedConsumer.unregister();
    updatedConsumer.unregister();
  }

  static JsonObject packet(String src, String dst, int dstPort, int flags) {
    return new JsonObject().put("src_ip", src).put("dst_ip", dst).put("protocol", "TCP").put("src_port", 40000)
        .put("dst_port", dstPort).put("payload_len", 0).put("ttl", 64).put("tcp_flags", flags)
        .put("payload_hex", "").put("pkt_rate", 10);
  }

  static void post(List<JsonObject> packets) {
    HttpResponse<Buffer> response = platform.ingest(new JsonArray(List.copyOf(packets)).encode());
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
  }

  /** Waits until every posted packet went through detection: the consumer acknowledges only after it. */
  static void awaitDetected() {
    within(Duration.ofSeconds(20), () -> assertThat(platform.allAcknowledged()).isTrue());
  }

  static long alerts(String where, Object... params) {
    return platform.database.count("SELECT count(*) FROM alerts WHERE " + where, params);
  }

  static List<JsonObject> engagedFor(String key) {
    return engagedEvents.stream().filter(e -> key.equals(e.getString("key"))).toList();
  }

  @Test
  @DisplayName("a scan of 20 ports from one source to one host, in two requests: one port_scan alert of 20 packets")
  void portScan() {
    for (int half = 0; half < 2; half++) {
      List<JsonObject> packets = new java.util.ArrayList<>();
      for (int port = 1000 + 10 * half; port < 1010 + 10 * half; port++) {
        packets.add(packet("10.1.0.1", "10.1.0.2", port, SYN));
      }
      post(packets);
    }
    awaitDetected();

    assertThat(alerts("detector = 'port_scan' AND alert_key = '10.1.0.1>10.1.0.2' AND state = 'engaged'"
        + " AND packet_count = 20 AND severity = 'high' AND src_ip = '10.1.0.1' AND dst_ip = '10.1.0.2'")).isEqualTo(1);
    assertThat(alerts("src_ip = '10.1.0.1' OR dst_ip = '10.1.0.2'")).isEqualTo(1);
    within(Duration.ofSeconds(5), () -> assertThat(engagedFor("10.1.0.1>10.1.0.2")).singleElement()
        .satisfies(event -> {
          assertThat(event.getString("detector")).isEqualTo("port_scan");
          assertThat(event.getString("state")).isEqualTo("engaged");
        }));
  }

  @Test
  @DisplayName("300 SYNs from many sources to one host: one syn_flood alert counting all 300")
  void synFlood() {
    for (int request = 0; request < 3; request++) {
      List<JsonObject> packets = new java.util.ArrayList<>();
      for (int i = 0; i < 100; i++) packets.add(packet("10.2.1." + (i % 50 + 1), "10.2.0.2", 80, SYN));
      post(packets);
    }
    awaitDetected();

    assertThat(alerts("detector = 'syn_flood' AND alert_key = '10.2.0.2' AND packet_count = 300"
        + " AND dst_ip = '10.2.0.2' AND src_ip IS NULL")).isEqualTo(1);
    assertThat(alerts("dst_ip = '10.2.0.2' OR src_ip << '10.2.0.0/16'")).isEqualTo(1);
  }

  @Test
  @DisplayName("one source trying port 22 on 30 hosts: one host_sweep alert")
  void hostSweep() {
    List<JsonObject> packets = new java.util.ArrayList<>();
    for (int host = 1; host <= 30; host++) packets.add(packet("10.3.0.1", "10.3.1." + host, 22, SYN));
    post(packets);
    awaitDetected();

    assertThat(alerts("detector = 'host_sweep' AND alert_key = '10.3.0.1>:22' AND dst_port = 22"
        + " AND packet_count = 30")).isEqualTo(1);
    assertThat(alerts("src_ip = '10.3.0.1'")).isEqualTo(1);
  }

  @Test
  @DisplayName("a benign mix (many sources, few ports, established traffic) engages nothing")
  void benignMix() {
    List<JsonObject> packets = new java.util.ArrayList<>();
    for (int source = 1; source <= 50; source++) {
      String src = "10.4.1." + source;
      packets.add(packet(src, "10.4.0.10", 443, SYN));
      packets.add(packet(src, "10.4.0.10", 443, PSH_ACK));
      packets.add(packet(src, "10.4.0.11", 80, SYN));
      for (int i = 0; i < 5; i++) packets.add(packet(src, "10.4.0.11", 80, PSH_ACK));
    }
    post(packets);
    awaitDetected();

    assertThat(platform.database.count("SELECT count(*) FROM anomalies WHERE src_ip << '10.4.0.0/16'"))
        .isEqualTo(packets.size());
    assertThat(alerts("src_ip << '10.4.0.0/16' OR dst_ip << '10.4.0.0/16'")).isZero();
  }

  @Test
  @DisplayName("critical packets of one (source, destination, reasons): one alert, released when quiet, then a new one")
  void perPacketAlertEngagedReleasedAndEngagedAgain() {
    JsonObject critical = packet("10.6.0.1", "10.6.0.2", 4444, SYN).put("pkt_rate", 15_000);
    post(List.of(critical, critical.copy(), critical.copy()));
    awaitDetected();
    String key = "10.6.0.1>10.6.0.2|high_rate,suspicious_port,syn_only";
    assertThat(alerts("detector = 'packet' AND alert_key = ? AND packet_count = 3 AND severity = 'critical'"
        + " AND reasons = '{high_rate,suspicious_port,syn_only}'", key)).isEqualTo(1);

    within(Duration.ofSeconds(10), () -> assertThat(releasedEvents)
        .anySatisfy(event -> assertThat(event.getString("key")).isEqualTo(key)));
    assertThat(alerts("alert_key = ? AND state = 'released' AND released_at IS NOT NULL", key)).isEqualTo(1);

    post(List.of(critical.copy()));
    awaitDetected();
    assertThat(alerts("alert_key = ? AND state = 'engaged' AND packet_count = 1", key)).isEqualTo(1);
    assertThat(alerts("alert_key = ?", key)).isEqualTo(2);
  }

  @Test
  @DisplayName("a suppression silences a scan (its packets still stored, its hits counted); once it expires the scan engages")
  void suppressionSilencesUntilItExpires() {
    HttpResponse<Buffer> created = Await.result(platform.web(io.vertx.core.http.HttpMethod.POST, "/api/v1/suppressions")
        .putHeader("Authorization", "Bearer " + PlatformUnderTest.ADMIN_TOKEN)
        .sendJsonObject(new JsonObject().put("detector", "port_scan").put("src_cidr", "10.9.0.1/32")
            .put("duration_seconds", 3).put("reason", "scanner under test").put("created_by", "test")), 10);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    long ruleId = created.bodyAsJsonObject().getLong("id");
    java.time.Instant expiresAt = java.time.Instant.parse(created.bodyAsJsonObject().getString("expires_at"));
    // suppressions.changed told the detector, which reloaded its rules (within a second is the promise).
    within(Duration.ofSeconds(1), () -> assertThat(DetectionVerticle.RULES_LOADED.get()).isEqualTo(1));

    List<JsonObject> scan = new java.util.ArrayList<>();
    for (int port = 3000; port < 3020; port++) scan.add(packet("10.9.0.1", "10.9.0.2", port, SYN));
    post(scan);
    awaitDetected();
    assertThat(platform.database.count("SELECT count(*) FROM anomalies WHERE src_ip = '10.9.0.1'")).isEqualTo(20);
    assertThat(alerts("src_ip = '10.9.0.1'")).isZero();
    within(Duration.ofSeconds(10), () -> assertThat(platform.database.count(
        "SELECT hits FROM suppressions WHERE id = ?", ruleId)).isEqualTo(20));

    // Expired, it silences nothing: the scan's next packets (its window still over the threshold) engage.
    within(Duration.ofSeconds(10), () -> assertThat(java.time.Instant.now()).isAfter(expiresAt));
    post(List.of(packet("10.9.0.1", "10.9.0.2", 3020, SYN)));
    awaitDetected();
    assertThat(alerts("detector = 'port_scan' AND alert_key = '10.9.0.1>10.9.0.2' AND state = 'engaged'"))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("an engaged alert refreshed again and again is pushed as alerts.updated at most once per 5 s")
  void updatesThrottled() {
    String key = "10.11.0.1>10.11.0.2|suspicious_port,syn_only";
    detectNow(packet("10.11.0.1", "10.11.0.2", 4444, SYN).put("score", 0.75).put("severity", "critical")
        .put("reasons", new JsonArray().add("suspicious_port").add("syn_only")));
    long engagedAt = System.currentTimeMillis();
    within(Duration.ofSeconds(5), () -> assertThat(engagedFor(key)).hasSize(1));

    // Refreshed at every poll (each packet newer, so it never goes quiet): the first update goes out once
    // 5 s have passed since the engagement, not before.
    within(Duration.ofSeconds(15), () -> {
      detectNow(packet("10.11.0.1", "10.11.0.2", 4444, SYN).put("score", 0.75).put("severity", "critical")
          .put("reasons", new JsonArray().add("suspicious_port").add("syn_only")));
      assertThat(updatedEvents).anySatisfy(e -> assertThat(e.getString("key")).isEqualTo(key));
    });
    assertThat(System.currentTimeMillis() - engagedAt).isGreaterThanOrEqualTo(4_000);
    assertThat(updatedEvents.stream().filter(e -> key.equals(e.getString("key")))).hasSize(1);
    assertThat(engagedFor(key)).hasSize(1);
  }

  /** Sends one scored row straight to the detection stage, received now, as the consumer would. */
  static void detectNow(JsonObject row) {
    row.put("stream_id", System.nanoTime() + "-0").put("received_at", System.currentTimeMillis());
    Await.result(platform.vertx.eventBus().request("anomaly.detect",
        new JsonObject().put("anomalies", new JsonArray().add(row))), 10);
  }

  @Test
  @DisplayName("a batch delivered twice (a replay after a crash) engages one alert, and the distinct count holds")
  void replayedBatch() {
    JsonArray rows = new JsonArray();
    for (int port = 2000; port < 2016; port++) {
      rows.add(packet("10.7.0.1", "10.7.0.2", port, SYN).put("stream_id", "1-" + port).put("score", 0.25)
          .put("severity", "medium").put("reasons", new JsonArray().add("syn_only"))
          .put("received_at", System.currentTimeMillis()));
    }
    JsonObject batch = new JsonObject().put("anomalies", rows);
    for (int delivery = 0; delivery < 2; delivery++) {
      Await.result(platform.vertx.eventBus().request("anomaly.detect", batch), 10);
    }
    assertThat(alerts("alert_key = '10.7.0.1>10.7.0.2'")).isEqualTo(1);
    // Members do not grow on a replay: a 17th port would be the 17th distinct one, not the 33rd.
    long window = rows.getJsonObject(0).getLong("received_at") / 300_000;
    String state = platform.redis(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.HGET)
        .arg("{det:" + platform.stream + ":port_scan}:h:" + window % 4).arg("10.7.0.1>10.7.0.2")).toString();
    assertThat(state.split(":")[1]).isEqualTo("16");
  }
}
