package io.netwatch.notify;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Channel payloads: Standard Webhooks signature, Alertmanager alerts, RFC 5424 and CEF, retry delays")
class PayloadsTest {
  static final Instant NOW = Instant.parse("2026-12-03T19:00:00Z");

  static OutboxEvent event(String event, JsonObject alert) {
    return new OutboxEvent(7, 42, alert.getLong("id"), event, 1, NOW, alert);
  }

  static JsonObject alert() {
    return new JsonObject().put("id", 12L).put("detector", "port_scan").put("reasons", new JsonArray())
        .put("key", "10.0.0.1|10.0.0.2").put("src_ip", "10.0.0.1").put("dst_ip", "10.0.0.2").put("dst_port", 22)
        .put("first_seen", "2026-12-03T18:59:00Z").put("last_seen", "2026-12-03T18:59:30Z").put("packet_count", 15L)
        .put("max_score", 0.55).put("severity", "high").put("state", "engaged").put("released_at", null)
        .put("acknowledged_at", null).put("acknowledged_by", null).put("note", null);
  }

  @Test
  @DisplayName("the signature matches the Standard Webhooks specification's test vector")
  void standardWebhooksVector() {
    byte[] key = RecipientRequest.signingKey("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    assertThat(WebhookPayload.signature(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"))
        .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  @DisplayName("webhook body: version, event and the alert; id = alert and event sequence; slack: text only")
  void webhookBodies() {
    OutboxEvent engaged = event("engaged", alert());
    assertThat(new JsonObject(WebhookPayload.body(engaged))).isEqualTo(new JsonObject().put("version", "1")
        .put("event", "engaged").put("alert", alert()));
    assertThat(engaged.messageId()).isEqualTo("alert-12-42");
    JsonObject slack = new JsonObject(WebhookPayload.slackBody(engaged));
    assertThat(slack.fieldNames()).containsExactly("text");
    assertThat(slack.getString("text")).startsWith("[engaged] port_scan (high) from 10.0.0.1 to 10.0.0.2:22");
  }

  @Test
  @DisplayName("alertmanager: Prometheus' labels and annotations; endsAt ahead while engaged, the release once released")
  void alertmanager() {
    JsonObject firing = AlertmanagerPayload.alerts(event("engaged", alert()), "https://nw.example/", 60, NOW)
        .getJsonObject(0);
    assertThat(firing.getJsonObject("labels")).isEqualTo(new JsonObject().put("alertname", "port_scan")
        .put("severity", "high").put("netwatch_alert_id", "12").put("src_ip", "10.0.0.1").put("dst_ip", "10.0.0.2")
        .put("dst_port", "22"));
    assertThat(firing.getJsonObject("annotations").fieldNames()).containsExactlyInAnyOrder("summary", "description");
    assertThat(firing.getString("startsAt")).isEqualTo("2026-12-03T18:59:00Z");
    assertThat(firing.getString("endsAt")).isEqualTo("2026-12-03T19:04:00Z");
    assertThat(firing.getString("generatorURL")).isEqualTo("https://nw.example/#alert=12");
    JsonObject resolved = AlertmanagerPayload.alerts(event("released", alert().put("state", "released")
        .put("released_at", "2026-12-03T19:01:00Z")), null, 60, NOW).getJsonObject(0);
    assertThat(resolved.getString("endsAt")).isEqualTo("2026-12-03T19:01:00Z");
  }

  @Test
  @DisplayName("RFC 5424: PRI from local0 and the severity, structured data escaped; octet-counted framing in bytes")
  void syslog() {
    String json = SyslogMessage.format(event("engaged", alert()), "json", "sensor one", NOW);
    assertThat(json).startsWith("<131>1 2026-12-03T19:00:00Z sensor_one netwatch - engaged [netwatch@32473"
        + " alert_id=\"12\" event=\"engaged\" id=\"alert-12-42\"] {\"version\":\"1\"");
    assertThat(SyslogMessage.format(event("released", alert()), "json", "h", NOW)).startsWith("<134>1 ");
    assertThat(SyslogMessage.sdValue("a\"b]c\\")).isEqualTo("a\\\"b\\]c\\\\");
    String unicode = "é";
    assertThat(new String(SyslogMessage.octetCounted(unicode), StandardCharsets.UTF_8)).isEqualTo("2 é");
  }

  @Test
  @DisplayName("CEF: header fields escape | and \\, extension values escape = and \\ and line breaks")
  void cef() {
    String cef = SyslogMessage.cef(event("engaged", alert().put("detector", "port|scan\\x")));
    assertThat(cef).startsWith("CEF:0|netwatch|netwatch|" + SyslogMessage.VERSION + "|port\\|scan\\\\x|");
    assertThat(cef).contains("|8|src=10.0.0.1 dst=10.0.0.2 dpt=22 cnt=15 act=engaged externalId=alert-12-42 msg=");
    assertThat(SyslogMessage.cefValue("a=b\\c\nd")).isEqualTo("a\\=b\\\\c\\nd");
    assertThat(List.of("low", "medium", "high", "critical").stream().map(SyslogMessage::cefSeverity))
        .containsExactly(3, 5, 8, 10);
  }

  @Test
  @DisplayName("retries: exponential with jitter in the upper half, capped; Retry-After in seconds or a date wins")
  void retries() {
    assertThat(RetryPolicy.delayMs(1, -1, 0.0)).isEqualTo(500);
    assertThat(RetryPolicy.delayMs(1, -1, 0.999)).isBetween(999L, 1_000L);
    assertThat(RetryPolicy.delayMs(4, -1, 0.0)).isEqualTo(4_000);
    assertThat(RetryPolicy.delayMs(40, -1, 0.5)).isEqualTo(RetryPolicy.CAP_MS * 3 / 4);
    assertThat(RetryPolicy.delayMs(3, 2_000, 0.5)).isEqualTo(2_000);
    assertThat(RetryPolicy.delayMs(3, 86_400_000, 0.5)).isEqualTo(RetryPolicy.CAP_MS);
    assertThat(RetryPolicy.retryAfterMs("2", NOW)).isEqualTo(2_000);
    assertThat(RetryPolicy.retryAfterMs("Thu, 03 Dec 2026 19:00:30 GMT", NOW)).isEqualTo(30_000);
    assertThat(RetryPolicy.retryAfterMs("soon", NOW)).isEqualTo(-1);
    assertThat(RetryPolicy.retryAfterMs(null, NOW)).isEqualTo(-1);
    assertThat(RetryPolicy.honoursRetryAfter(429)).isTrue();
    assertThat(RetryPolicy.honoursRetryAfter(500)).isFalse();
  }
}
