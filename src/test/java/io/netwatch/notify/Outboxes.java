package io.netwatch.notify;

import io.netwatch.testing.Await;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The notify tests' side of a platform: recipients through the admin API, alerts written as detection writes them. */
final class Outboxes {
  private final PlatformUnderTest platform;

  Outboxes(PlatformUnderTest platform) {
    this.platform = platform;
  }

  HttpResponse<Buffer> admin(HttpMethod method, String uri, String body) {
    HttpRequest<Buffer> request = platform.web(method, uri)
        .putHeader("Authorization", "Bearer " + PlatformUnderTest.ADMIN_TOKEN);
    if (body == null) return Await.result(request.send(), 10);
    return Await.result(request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)), 10);
  }

  long recipient(JsonObject body) {
    HttpResponse<Buffer> created = admin(HttpMethod.POST, "/api/v1/recipients", body.encode());
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getLong("id");
  }

  /** An engaged alert of detector port_scan from src to 10.9.9.9, inserted as detection's upsert inserts one. */
  long engage(String src, String severity) {
    return platform.database.count("INSERT INTO alerts (detector, alert_key, src_ip, dst_ip, first_seen, last_seen,"
        + " packet_count, max_score, severity, state, quiet_ms) VALUES ('port_scan', '" + src + "|10.9.9.9', '" + src
        + "', '10.9.9.9', now(), now(), 15, 0.55, '" + severity + "', 'engaged', 600000) RETURNING id");
  }

  /** Releases it as detection's release sweep does. */
  void release(long alertId) {
    platform.database.execute("UPDATE alerts SET state = 'released', released_at = now() WHERE id = " + alertId);
  }
}
