package io.netwatch.alerts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * An alert as the API returns it and as {@code alerts.engaged|updated|released} carry it: one shape for
 * both, so the page treats a fetched alert and a pushed one alike. Times are ISO-8601 UTC strings.
 */
public final class AlertRows {
  /** The columns to select (or return) for {@link #toJson(Row)}. */
  public static final String COLUMNS = "id, detector, reasons, alert_key, host(src_ip) AS src_ip,"
      + " host(dst_ip) AS dst_ip, dst_port, first_seen, last_seen, packet_count, max_score, severity, state,"
      + " released_at, acknowledged_at, acknowledged_by, note";

  private AlertRows() {
  }

  public static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("id", row.getLong("id"))
        .put("detector", row.getString("detector"))
        .put("reasons", new JsonArray(List.of(row.getArrayOfStrings("reasons"))))
        .put("key", row.getString("alert_key"))
        .put("src_ip", row.getString("src_ip"))
        .put("dst_ip", row.getString("dst_ip"))
        .put("dst_port", row.getInteger("dst_port"))
        .put("first_seen", iso(row.getOffsetDateTime("first_seen")))
        .put("last_seen", iso(row.getOffsetDateTime("last_seen")))
        .put("packet_count", row.getLong("packet_count"))
        .put("max_score", row.getDouble("max_score"))
        .put("severity", row.getString("severity"))
        .put("state", row.getString("state"))
        .put("released_at", iso(row.getOffsetDateTime("released_at")))
        .put("acknowledged_at", iso(row.getOffsetDateTime("acknowledged_at")))
        .put("acknowledged_by", row.getString("acknowledged_by"))
        .put("note", row.getString("note"));
  }

  private static String iso(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }
}
