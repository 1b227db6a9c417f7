package io.netwatch.alerts;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Alerts and their packets put into the database directly, and the alerts the API lists: AlertsApiTest's fixture. */
final class StoredAlerts {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private final WebApi api;

  StoredAlerts(WebApi api) {
    this.api = api;
  }

  /** An alert; null fields are left NULL. Times are seconds after T0. */
  long alert(String detector, String reasons, String src, String dst, Integer port, int firstSecond,
      int lastSecond, String severity, String state) {
    return api.insert("INSERT INTO alerts (detector, reasons, alert_key, src_ip, dst_ip, dst_port, first_seen,"
            + " last_seen, packet_count, max_score, severity, state, quiet_ms) VALUES (?, ?::text[], ?, ?::inet,"
            + " ?::inet, ?, ?::timestamptz, ?::timestamptz, 1, 0.5, ?, ?, 60000) RETURNING id",
        detector, reasons, detector + ":" + src + ">" + dst + ":" + port, src, dst, port, at(firstSecond),
        at(lastSecond), severity, state);
  }

  long alert(String detector, String src, String severity, String state, int lastSecond) {
    return alert(detector, "{}", src, "10.9.9.9", null, 0, lastSecond, severity, state);
  }

  /** An anomalies row received {@code second} s after T0. */
  long packet(String src, String dst, int dstPort, String protocol, int tcpFlags, String reasons, int second) {
    return api.insert("INSERT INTO anomalies (stream_id, src_ip, dst_ip, protocol, src_port, dst_port, payload_len,"
            + " ttl, tcp_flags, pkt_rate, entropy, score, severity, reasons, received_at) VALUES (gen_random_uuid()::text,"
            + " ?::inet, ?::inet, ?, 40000, ?, 0, 64, ?, 0, 0, 0.25, 'medium', ?::text[], ?::timestamptz) RETURNING id",
        src, dst, protocol, dstPort, tcpFlags, reasons, at(second));
  }

  static String at(int second) {
    return T0.plusSeconds(second).toString();
  }

  static List<Long> ids(JsonArray rows) {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) ids.add(rows.getJsonObject(i).getLong("id"));
    return ids;
  }

  JsonObject list(String query) {
    HttpResponse<Buffer> response = api.viewerGet("/api/v1/alerts" + query);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  List<Long> listed(String query) {
    return ids(list(query).getJsonArray("alerts"));
  }
}
