package io.netwatch.alerts;

import io.netwatch.model.Addresses;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.netwatch.alerts.WebApi.assertAdminRefused;
import static io.netwatch.alerts.WebApi.assertError;
import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/v1/alerts, GET /api/v1/alerts/{id} and POST /api/v1/alerts/{id}/ack on the whole platform, with viewer
 * access on. The detection engine is not deployed here: alerts and their packets are put into the database directly.
 */
@DisplayName("Alerts API: newest first with keyset paging and filters, an alert with its packets, acknowledgement")
class AlertsApiTest {
  static final List<String> ALERT_KEYS = List.of("id", "detector", "reasons", "key", "src_ip", "dst_ip", "dst_port",
      "first_seen", "last_seen", "packet_count", "max_score", "severity", "state", "released_at", "acknowledged_at",
      "acknowledged_by", "note");

  @Platform
  static PlatformUnderTest platform;
  static WebApi api;
  static StoredAlerts stored;

  @BeforeAll
  static void deploy() {
    platform.deploy(PlatformUnderTest.withViewerToken(platform.config()));
    api = new WebApi(platform);
    stored = new StoredAlerts(api);
  }

  @BeforeEach
  void empty() {
    platform.database.execute("TRUNCATE alerts, anomalies");
  }

  @Test
  @DisplayName("newest first, in the AlertRows shape; keyset pages through before_id until next_before_id is null")
  void newestFirstWithKeysetPaging() {
    List<Long> made = new ArrayList<>();
    for (int i = 0; i < 5; i++) made.add(stored.alert("source_flood", "10.0.0." + i, "high", "engaged", i));
    JsonObject all = stored.list("");
    assertThat(stored.ids(all.getJsonArray("alerts"))).containsExactly(made.get(4), made.get(3), made.get(2), made.get(1),
        made.get(0));
    assertThat(all.getValue("next_before_id")).isNull();
    JsonObject newest = all.getJsonArray("alerts").getJsonObject(0);
    assertThat(newest.fieldNames()).containsExactlyInAnyOrderElementsOf(ALERT_KEYS);
    assertThat(newest.getString("src_ip")).isEqualTo("10.0.0.4");
    assertThat(newest.getString("last_seen")).isEqualTo(stored.at(4));
    assertThat(newest.getValue("acknowledged_at")).isNull();

    JsonObject first = stored.list("?limit=2");
    assertThat(stored.ids(first.getJsonArray("alerts"))).containsExactly(made.get(4), made.get(3));
    assertThat(first.getLong("next_before_id")).isEqualTo(made.get(3));
    JsonObject second = stored.list("?limit=2&before_id=" + first.getLong("next_before_id"));
    assertThat(stored.ids(second.getJsonArray("alerts"))).containsExactly(made.get(2), made.get(1));
    JsonObject last = stored.list("?limit=2&before_id=" + second.getLong("next_before_id"));
    assertThat(stored.ids(last.getJsonArray("alerts"))).containsExactly(made.get(0));
    assertThat(last.getValue("next_before_id")).isNull();
  }

  @Test
  @DisplayName("each filter: state, min_severity, detector, src_ip, since (last seen), acknowledged, and together")
  void filters() {
    long scanEngaged = stored.alert("port_scan", "10.0.0.1", "medium", "engaged", 100);
    long scanReleased = stored.alert("port_scan", "10.0.0.2", "critical", "released", 10);
    long floodHigh = stored.alert("syn_flood", "{}", null, "10.9.9.9", null, 0, 50, "high", "engaged");
    long sweepLow = stored.alert("host_sweep", "{}", "2001:db8::1", null, 22, 0, 200, "low", "engaged");
    long packetAcked = stored.alert("packet", "10.0.0.1", "critical", "engaged", 300);
    platform.database.execute("UPDATE alerts SET acknowledged_at = now(), acknowledged_by = 'x' WHERE id = "
        + packetAcked);

    assertThat(stored.listed("?state=engaged")).containsExactly(packetAcked, sweepLow, floodHigh, scanEngaged);
    assertThat(stored.listed("?state=released")).containsExactly(scanReleased);
    assertThat(stored.listed("?min_severity=high")).containsExactly(packetAcked, floodHigh, scanReleased);
    assertThat(stored.listed("?min_severity=critical")).containsExactly(packetAcked, scanReleased);
    assertThat(stored.listed("?min_severity=low")).hasSize(5);
    assertThat(stored.listed("?detector=port_scan")).containsExactly(scanReleased, scanEngaged);
    assertThat(stored.listed("?detector=syn_flood")).containsExactly(floodHigh);
    assertThat(stored.listed("?src_ip=10.0.0.1")).containsExactly(packetAcked, scanEngaged);
    assertThat(stored.listed("?src_ip=2001:0db8:0::1")).containsExactly(sweepLow);
    assertThat(stored.listed("?since=" + enc(stored.at(100)))).containsExactly(packetAcked, sweepLow, scanEngaged);
    assertThat(stored.listed("?since=" + enc("2026-03-01T11:03:00+01:00"))).containsExactly(packetAcked, sweepLow);
    assertThat(stored.listed("?acknowledged=false")).containsExactly(sweepLow, floodHigh, scanReleased, scanEngaged);
    assertThat(stored.listed("?acknowledged=true")).containsExactly(packetAcked);
    assertThat(stored.listed("?state=engaged&acknowledged=false&min_severity=medium&src_ip=10.0.0.1"))
        .containsExactly(scanEngaged);
    assertThat(stored.listed("?detector=source_flood")).isEmpty();
  }

  @Test
  @DisplayName("a bad parameter is a 400 naming it, whatever its value (no 500, no SQL reached)")
  void badParameters() {
    Map<String, List<String>> bad = Map.of(
        "state", List.of("open", "engaged'--"),
        "min_severity", List.of("severe", "1"),
        "detector", List.of("portscan", "port_scan' OR '1'='1", "suspicious_port", "a\u0000b"),
        "src_ip", List.of("example.com", "10.0.0.0/8", "' OR 1=1 --"),
        "since", List.of("yesterday", "2026-13-01T00:00:00Z", "+100000-01-01T00:00:00Z", "9223372036854775807",
            "-9223372036854775808"),
        "before_id", List.of("0", "-1", "x", "99999999999999999999"),
        "limit", List.of("0", "501", "1e3"),
        "acknowledged", List.of("yes", "1"));
    bad.forEach((parameter, values) -> {
      for (String value : values) {
        assertError(api.viewerGet("/api/v1/alerts?" + parameter + "=" + enc(value)), 400, parameter);
      }
    });
    assertError(api.viewerGet("/api/v1/alerts/abc"), 400, "id");
    assertError(api.viewerGet("/api/v1/alerts/0"), 400, "id");
    assertError(api.viewerGet("/api/v1/alerts/99999999999999999999"), 400, "id");
    assertError(api.viewerGet("/api/v1/alerts/123456789"), 404, "id");
  }

  @Test
  @DisplayName("the reads need a viewer session; the admin token alone is not one")
  void readsNeedASession() {
    long id = stored.alert("port_scan", "10.0.0.1", "high", "engaged", 1);
    for (String uri : List.of("/api/v1/alerts", "/api/v1/alerts/" + id)) {
      assertError(api.call(HttpMethod.GET, uri, null, null), 401, "session");
      assertError(api.call(HttpMethod.GET, uri, WebApi.ADMIN, null), 401, "session");
      assertThat(api.viewerGet(uri).statusCode()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("an alert's packets: rows of its key received while it was seen, newest first, in the anomalies shape")
  void alertWithItsPackets() {
    // port_scan: src and dst, SYN-only TCP.
    long scan = stored.alert("port_scan", "{}", "10.1.0.1", "10.2.0.1", null, 100, 200, "high", "engaged");
    long scanIn1 = stored.packet("10.1.0.1", "10.2.0.1", 22, "TCP", 2, "{syn_only}", 100);
    long scanIn2 = stored.packet("10.1.0.1", "10.2.0.1", 23, "tcp", 2, "{syn_only}", 200);
    stored.packet("10.1.0.1", "10.2.0.1", 24, "TCP", 2, "{syn_only}", 99);      // before first_seen
    stored.packet("10.1.0.1", "10.2.0.1", 25, "TCP", 2, "{syn_only}", 201);     // after last_seen
    stored.packet("10.1.0.1", "10.2.0.1", 26, "TCP", 18, "{}", 150);            // SYN-ACK
    stored.packet("10.1.0.1", "10.2.0.1", 27, "UDP", 2, "{}", 150);             // not TCP
    stored.packet("10.1.0.1", "10.2.0.2", 28, "TCP", 2, "{syn_only}", 150);     // other host
    stored.packet("10.1.0.9", "10.2.0.1", 29, "TCP", 2, "{syn_only}", 150);     // other source
    assertPackets(scan, scanIn2, scanIn1);

    // host_sweep: src and dst_port, SYN-only TCP.
    long sweep = stored.alert("host_sweep", "{}", "10.3.0.1", null, 22, 100, 200, "high", "engaged");
    long sweepIn = stored.packet("10.3.0.1", "10.4.0.7", 22, "TCP", 2, "{syn_only}", 150);
    stored.packet("10.3.0.1", "10.4.0.8", 23, "TCP", 2, "{syn_only}", 150);
    stored.packet("10.3.0.1", "10.4.0.9", 22, "TCP", 16, "{}", 150);
    assertPackets(sweep, sweepIn);

    // syn_flood: dst, SYN-only TCP, from any source.
    long flood = stored.alert("syn_flood", "{}", null, "10.5.0.1", null, 100, 200, "critical", "engaged");
    long floodIn1 = stored.packet("10.6.0.1", "10.5.0.1", 80, "TCP", 2, "{syn_only}", 120);
    long floodIn2 = stored.packet("10.6.0.2", "10.5.0.1", 443, "TCP", 2, "{syn_only}", 130);
    stored.packet("10.6.0.3", "10.5.0.1", 80, "TCP", 4, "{}", 140);
    stored.packet("10.6.0.3", "10.5.0.2", 80, "TCP", 2, "{syn_only}", 140);
    assertPackets(flood, floodIn2, floodIn1);

    // source_flood: src, anything.
    long source = stored.alert("source_flood", "{}", "10.7.0.1", null, null, 100, 200, "medium", "engaged");
    long sourceIn1 = stored.packet("10.7.0.1", "10.8.0.1", 53, "UDP", 0, "{}", 110);
    long sourceIn2 = stored.packet("10.7.0.1", "10.8.0.2", 80, "TCP", 16, "{}", 111);
    stored.packet("10.7.0.2", "10.8.0.1", 53, "UDP", 0, "{}", 110);
    assertPackets(source, sourceIn2, sourceIn1);

    // packet: src, dst and at least the alert's reasons.
    long perPacket = stored.alert("packet", "{suspicious_port,syn_only}", "10.9.0.1", "10.10.0.1", null, 100, 200,
        "critical", "engaged");
    long perPacketIn1 = stored.packet("10.9.0.1", "10.10.0.1", 4444, "TCP", 2, "{suspicious_port,syn_only}", 150);
    long perPacketIn2 = stored.packet("10.9.0.1", "10.10.0.1", 4444, "TCP", 2, "{syn_only,high_rate,suspicious_port}", 160);
    stored.packet("10.9.0.1", "10.10.0.1", 4444, "TCP", 2, "{suspicious_port}", 170);
    stored.packet("10.9.0.1", "10.10.0.2", 4444, "TCP", 2, "{suspicious_port,syn_only}", 170);
    assertPackets(perPacket, perPacketIn2, perPacketIn1);

    // The rows are those GET /api/v1/anomalies shows.
    JsonObject shown = api.viewerGet("/api/v1/alerts/" + perPacket).bodyAsJsonObject();
    assertThat(shown.getJsonObject("alert").getLong("id")).isEqualTo(perPacket);
    assertThat(shown.getJsonObject("alert").getJsonArray("reasons")).containsExactly("suspicious_port", "syn_only");
    JsonArray history = api.viewerGet("/api/v1/anomalies?src_ip=10.9.0.1&limit=1000").bodyAsJsonObject()
        .getJsonArray("anomalies");
    JsonObject fromHistory = history.stream().map(JsonObject.class::cast)
        .filter(row -> row.getLong("id") == perPacketIn2).findFirst().orElseThrow();
    assertThat(shown.getJsonArray("packets").getJsonObject(0)).isEqualTo(fromHistory);
    assertThat(shown.getJsonArray("packets").getJsonObject(0).fieldNames())
        .containsExactlyElementsOf(fromHistory.fieldNames());
  }

  @Test
  @DisplayName("at most the 50 most recent packets")
  void fiftyPackets() {
    long source = stored.alert("source_flood", "{}", "10.11.0.1", null, null, 0, 100, "medium", "engaged");
    List<Long> made = new ArrayList<>();
    for (int i = 0; i < 60; i++) made.add(stored.packet("10.11.0.1", "10.12.0.1", 53, "UDP", 0, "{}", i));
    JsonArray packets = api.viewerGet("/api/v1/alerts/" + source).bodyAsJsonObject().getJsonArray("packets");
    List<Long> newest = new ArrayList<>(made.subList(10, 60));
    java.util.Collections.reverse(newest);
    assertThat(stored.ids(packets)).containsExactlyElementsOf(newest);
  }

  static void assertPackets(long alertId, Long... newestFirst) {
    HttpResponse<Buffer> response = api.viewerGet("/api/v1/alerts/" + alertId);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getJsonObject("alert").fieldNames()).containsExactlyInAnyOrderElementsOf(ALERT_KEYS);
    assertThat(stored.ids(body.getJsonArray("packets"))).as(body.getJsonObject("alert").getString("detector"))
        .containsExactly(newestFirst);
  }

  @Test
  @DisplayName("ack needs the admin token: 401 with WWW-Authenticate without it, with a wrong one, with a session only")
  void ackNeedsTheAdminToken() {
    long id = stored.alert("port_scan", "10.0.0.1", "high", "engaged", 1);
    String uri = "/api/v1/alerts/" + id + "/ack";
    assertAdminRefused(api.call(HttpMethod.POST, uri, null, "{}"));
    assertAdminRefused(api.call(HttpMethod.POST, uri, "Bearer wrong-token", "{}"));
    assertAdminRefused(api.call(HttpMethod.POST, uri, PlatformUnderTest.ADMIN_TOKEN, "{}"));
    assertAdminRefused(api.call(HttpMethod.POST, uri, "Bearer " + PlatformUnderTest.VIEWER_TOKEN, "{}"));
    assertAdminRefused(api.call(HttpMethod.POST, "/api/v1/alerts/abc/ack", null, "{}"));
    assertThat(platform.database.count("SELECT count(*) FROM alerts WHERE acknowledged_at IS NOT NULL")).isZero();
  }

  @Test
  @DisplayName("ack: 200 with the alert, out of acknowledged=false, published on alerts.updated; a later ack keeps the note")
  void acknowledge() {
    long id = stored.alert("port_scan", "10.0.0.1", "high", "engaged", 1);
    long other = stored.alert("syn_flood", "10.0.0.2", "high", "engaged", 2);
    assertThat(stored.listed("?acknowledged=false")).containsExactly(other, id);
    List<JsonObject> updates = api.published(Addresses.ALERTS_UPDATED);

    HttpResponse<Buffer> response = api.admin(HttpMethod.POST, "/api/v1/alerts/" + id + "/ack",
        "{\"note\": \"lab scanner\", \"by\": \"alice\"}");
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    JsonObject acked = response.bodyAsJsonObject();
    assertThat(acked.fieldNames()).containsExactlyInAnyOrderElementsOf(ALERT_KEYS);
    assertThat(acked.getLong("id")).isEqualTo(id);
    assertThat(acked.getString("acknowledged_by")).isEqualTo("alice");
    assertThat(acked.getString("note")).isEqualTo("lab scanner");
    assertThat(Instant.parse(acked.getString("acknowledged_at"))).isBetween(Instant.now().minusSeconds(60),
        Instant.now().plusSeconds(60));
    assertThat(acked.getString("state")).isEqualTo("engaged");
    within(Duration.ofSeconds(5), () -> assertThat(updates).containsExactly(acked));

    assertThat(stored.listed("?acknowledged=false")).containsExactly(other);
    assertThat(stored.listed("?acknowledged=true")).containsExactly(id);
    assertThat(stored.listed("")).containsExactly(other, id);

    JsonObject again = api.admin(HttpMethod.POST, "/api/v1/alerts/" + id + "/ack", null).bodyAsJsonObject();
    assertThat(again.getString("acknowledged_by")).isEqualTo("admin");
    assertThat(again.getString("note")).isEqualTo("lab scanner");
    within(Duration.ofSeconds(5), () -> assertThat(updates).hasSize(2).last().isEqualTo(again));
  }

  @Test
  @DisplayName("ack refusals: 404 unknown, 400 bad id or a body that is not a JSON object, 422 naming a bad field")
  void ackRefused() {
    long id = stored.alert("port_scan", "10.0.0.1", "high", "engaged", 1);
    String uri = "/api/v1/alerts/" + id + "/ack";
    assertError(api.admin(HttpMethod.POST, "/api/v1/alerts/987654321/ack", "{}"), 404, "id");
    assertError(api.admin(HttpMethod.POST, "/api/v1/alerts/x1/ack", "{}"), 400, "id");
    assertError(api.admin(HttpMethod.POST, uri, "not json"), 400, "body");
    assertError(api.admin(HttpMethod.POST, uri, "[1, 2]"), 400, "body");
    assertError(api.admin(HttpMethod.POST, uri, "{\"note\": \"" + "n".repeat(1001) + "\"}"), 422, "note");
    assertError(api.admin(HttpMethod.POST, uri, "{\"note\": 5}"), 422, "note");
    assertError(api.admin(HttpMethod.POST, uri, "{\"note\": \"a\\u0000b\"}"), 422, "note");
    assertError(api.admin(HttpMethod.POST, uri, "{\"by\": \"" + "b".repeat(101) + "\"}"), 422, "by");
    assertError(api.admin(HttpMethod.POST, uri, "{\"notes\": \"typo\"}"), 422, "notes");
    assertError(api.admin(HttpMethod.POST, uri, "{\"note\": \"" + "n".repeat(20_000) + "\"}"), 413, "body");
    assertThat(platform.database.count("SELECT count(*) FROM alerts WHERE acknowledged_at IS NOT NULL")).isZero();
  }

  static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
