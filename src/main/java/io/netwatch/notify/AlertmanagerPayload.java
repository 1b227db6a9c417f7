package io.netwatch.notify;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * An alert as Prometheus posts it to Alertmanager's {@code /api/v2/alerts}: labels (alertname = the detector,
 * severity, src_ip, dst_ip, dst_port, netwatch_alert_id), annotations (summary, description), startsAt = first seen,
 * endsAt = released at once released, else a time a few resend intervals ahead (as Prometheus does, so that an alert
 * nobody re-posts resolves by itself), generatorURL = the alert on the dashboard. Pure.
 */
public final class AlertmanagerPayload {
  /** How many resend intervals ahead an engaged alert's endsAt is (Prometheus uses 4 evaluation intervals). */
  static final int ENDS_AFTER_RESENDS = 4;

  private AlertmanagerPayload() {
  }

  public static JsonArray alerts(OutboxEvent event, String publicUrl, int resendSeconds, Instant now) {
    JsonObject alert = event.alert();
    JsonObject labels = new JsonObject().put("alertname", alert.getString("detector"))
        .put("severity", alert.getString("severity"))
        .put("netwatch_alert_id", String.valueOf(alert.getLong("id")));
    if (alert.getString("src_ip") != null) labels.put("src_ip", alert.getString("src_ip"));
    if (alert.getString("dst_ip") != null) labels.put("dst_ip", alert.getString("dst_ip"));
    if (alert.getInteger("dst_port") != null) labels.put("dst_port", String.valueOf(alert.getInteger("dst_port")));
    String releasedAt = alert.getString("released_at");
    String endsAt = releasedAt != null ? releasedAt
        : now.plusSeconds((long) ENDS_AFTER_RESENDS * resendSeconds).toString();
    return new JsonArray().add(new JsonObject()
        .put("labels", labels)
        .put("annotations", new JsonObject().put("summary", AlertText.summary(alert))
            .put("description", AlertText.description(alert)))
        .put("startsAt", alert.getString("first_seen"))
        .put("endsAt", endsAt)
        .put("generatorURL", generatorUrl(publicUrl, alert.getLong("id"))));
  }

  static String generatorUrl(String publicUrl, long alertId) {
    String base = publicUrl == null || publicUrl.isBlank() ? "http://localhost:3000" : publicUrl.strip();
    if (base.endsWith("/")) base = base.substring(0, base.length() - 1);
    return base + "/#alert=" + alertId;
  }
}
