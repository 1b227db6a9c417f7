package io.netwatch.persistence;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** How an anomalies row reads as the API's snake_case JSON, whether read back or published after an insert. */
final class AnomalyRows {
  /** The columns of a row as the API shows them (inet as plain text). */
  static final String ROW_COLUMNS = "id, stream_id, host(src_ip) AS src_ip, host(dst_ip) AS dst_ip, protocol,"
      + " src_port, dst_port, payload_len, ttl, tcp_flags, pkt_rate, entropy, score, severity, reasons,"
      + " received_at, created_at, captured_at, sensor";

  private AnomalyRows() {
  }

  static List<JsonObject> toJson(RowSet<Row> rows) {
    List<JsonObject> list = new ArrayList<>(rows.size());
    for (Row row : rows) list.add(toJson(row));
    return list;
  }

  /** The columns a row starts with, read from the database whether the row is read back or published. */
  static JsonObject fromDatabase(Row row) {
    return new JsonObject()
        .put("id", row.getLong("id"))
        .put("stream_id", row.getString("stream_id"))
        .put("src_ip", row.getString("src_ip"))
        .put("dst_ip", row.getString("dst_ip"));
  }

  static JsonObject toJson(Row row) {
    return fromDatabase(row)
        .put("protocol", row.getString("protocol"))
        .put("src_port", row.getInteger("src_port"))
        .put("dst_port", row.getInteger("dst_port"))
        .put("payload_len", row.getInteger("payload_len"))
        .put("ttl", row.getInteger("ttl"))
        .put("tcp_flags", row.getInteger("tcp_flags"))
        .put("pkt_rate", row.getDouble("pkt_rate"))
        .put("entropy", row.getDouble("entropy"))
        .put("score", row.getDouble("score"))
        .put("severity", row.getString("severity"))
        .put("reasons", new JsonArray(List.of(row.getArrayOfStrings("reasons"))))
        .put("received_at", iso(row.getOffsetDateTime("received_at")))
        .put("created_at", iso(row.getOffsetDateTime("created_at")))
        .put("captured_at", iso(row.getOffsetDateTime("captured_at")))
        .put("sensor", row.getString("sensor"));
  }

  /** Epoch microseconds as PostgreSQL's timestamptz reads back through {@link #iso}. */
  static String isoMicros(long epochMicros) {
    return Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1000L)
        .toString();
  }

  static String iso(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }
}
