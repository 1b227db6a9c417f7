package io.netwatch.notify;

import io.netwatch.notify.WebhookReceiver.Behaviour;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A port scan sent to ingest becomes an alert that reaches a webhook through a real Alertmanager, with Prometheus'
 * labels; when detection's sweep releases it, Alertmanager resolves it there.
 */
@DisplayName("Alertmanager: a scan's alert reaches the receiver through a real Alertmanager, its release resolves it")
class AlertmanagerDeliveryTest {
  static final int SYN = 0x02;

  @Platform
  static PlatformUnderTest platform;
  static Outboxes outboxes;
  static WebhookReceiver receiver;
  static Alertmanager alertmanager;

  @BeforeAll
  static void start() throws Exception {
    Path binary = ReceiverBinaries.require("prometheus-alertmanager", "prometheus-alertmanager");
    receiver = new WebhookReceiver(platform.vertx, n -> Behaviour.OK);
    alertmanager = new Alertmanager(binary, Path.of("target", "alertmanager-" + ProcessHandle.current().pid()),
        receiver.url("/from-alertmanager"));
    platform.deploy(platform.config().put("public_url", "https://netwatch.example")
        .put("notify", new JsonObject().put("tick_ms", 100).put("sweep_ms", 500)));
    outboxes = new Outboxes(platform);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (alertmanager != null) alertmanager.close();
  }

  static JsonObject packet(String src, String dst, int dstPort) {
    return new JsonObject().put("src_ip", src).put("dst_ip", dst).put("protocol", "TCP").put("src_port", 40000)
        .put("dst_port", dstPort).put("payload_len", 0).put("ttl", 64).put("tcp_flags", SYN).put("pkt_rate", 10);
  }

  /** The alerts of the notifications Alertmanager sent, with the status of each notification. */
  static List<JsonObject> notified(String status) {
    List<JsonObject> alerts = new ArrayList<>();
    for (WebhookReceiver.Received r : receiver.requests) {
      JsonObject notification = r.json();
      JsonArray list = notification.getJsonArray("alerts");
      for (int i = 0; i < list.size(); i++) {
        if (status.equals(list.getJsonObject(i).getString("status"))) alerts.add(list.getJsonObject(i));
      }
    }
    return alerts;
  }

  @Test
  @DisplayName("firing with alertname, severity, addresses and the alert's id, then resolved after the release")
  void scanFiresThenResolves() {
    outboxes.recipient(new JsonObject().put("name", "am").put("type", "alertmanager").put("url", alertmanager.url())
        .put("resend_seconds", 1));
    List<JsonObject> scan = new ArrayList<>();
    for (int port = 2000; port < 2020; port++) scan.add(packet("10.6.0.1", "10.6.0.2", port));
    HttpResponse<Buffer> ingested = platform.ingest(new JsonArray(List.copyOf(scan)).encode());
    assertThat(ingested.statusCode()).as(ingested.bodyAsString()).isEqualTo(200);

    within(Duration.ofSeconds(30), () -> assertThat(notified("firing")).isNotEmpty());
    JsonObject firing = notified("firing").get(0);
    long alertId = platform.database.count("SELECT id FROM alerts WHERE detector = 'port_scan'");
    assertThat(firing.getJsonObject("labels").getMap()).containsEntry("alertname", "port_scan")
        .containsEntry("severity", "high").containsEntry("src_ip", "10.6.0.1").containsEntry("dst_ip", "10.6.0.2")
        .containsEntry("netwatch_alert_id", String.valueOf(alertId));
    assertThat(firing.getJsonObject("annotations").getString("summary")).startsWith("port_scan (high) from 10.6.0.1");
    assertThat(firing.getString("generatorURL")).isEqualTo("https://netwatch.example/#alert=" + alertId);

    // Re-posted every resend_seconds while engaged: its delivery is done again.
    String posted = "SELECT max(delivered_at)::text FROM notify_deliveries WHERE alert_id = " + alertId;
    String firstPost = platform.database.text(posted);
    within(Duration.ofSeconds(10), () -> assertThat(platform.database.text(posted)).isNotEqualTo(firstPost));
    assertThat(notified("resolved")).isEmpty();

    // Not refreshed for long (quiet is measured on refreshed_at): detection's own release sweep releases it.
    platform.database.execute("UPDATE alerts SET refreshed_at = now() - interval '2 hours' WHERE id = " + alertId);
    within(Duration.ofSeconds(30), () -> assertThat(notified("resolved")).isNotEmpty());
    JsonObject resolved = notified("resolved").get(0);
    assertThat(resolved.getJsonObject("labels").getString("netwatch_alert_id")).isEqualTo(String.valueOf(alertId));
    String releasedAt = platform.database.text("SELECT notify_iso(released_at) FROM alerts WHERE id = " + alertId);
    assertThat(java.time.Instant.parse(resolved.getString("endsAt"))).isEqualTo(java.time.Instant.parse(releasedAt));
  }
}
