package io.netwatch.notify;

import io.vertx.core.json.JsonObject;

/** Human sentences about an alert event, shared by the channels (summary, description, Slack text). Pure. */
final class AlertText {
  private AlertText() {
  }

  /** One line: "port_scan (high) from 10.0.0.1 to 10.0.0.2:22". */
  static String summary(JsonObject alert) {
    StringBuilder s = new StringBuilder(alert.getString("detector", "alert"))
        .append(" (").append(alert.getString("severity", "?")).append(")");
    if (alert.getString("src_ip") != null) s.append(" from ").append(alert.getString("src_ip"));
    if (alert.getString("dst_ip") != null) {
      s.append(" to ").append(alert.getString("dst_ip"));
      if (alert.getInteger("dst_port") != null) s.append(":").append(alert.getInteger("dst_port"));
    } else if (alert.getInteger("dst_port") != null) {
      s.append(" to port ").append(alert.getInteger("dst_port"));
    }
    return s.toString();
  }

  static String description(JsonObject alert) {
    return "netwatch alert " + alert.getLong("id") + ": " + alert.getLong("packet_count", 0L) + " packets, max score "
        + alert.getDouble("max_score", 0.0) + ", first seen " + alert.getString("first_seen") + ", last seen "
        + alert.getString("last_seen") + (alert.getValue("reasons") != null && !alert.getJsonArray("reasons").isEmpty()
        ? ", reasons " + String.join(",", alert.getJsonArray("reasons").stream().map(String::valueOf).toList()) : "");
  }

  /** "[engaged] port_scan (high) from ...", for chat. */
  static String line(String event, JsonObject alert) {
    return "[" + event + "] " + summary(alert) + " - " + description(alert);
  }
}
