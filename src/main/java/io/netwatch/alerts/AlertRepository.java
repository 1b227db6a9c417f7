package io.netwatch.alerts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collector;
import java.util.stream.Collectors;

/** SQL of the alerts API: reads newest first, an alert's packets, acknowledgement. Rows in {@link AlertRows} shape. */
public final class AlertRepository {
  /** How many of an alert's packets {@link #packets} returns at the most, newest first. */
  public static final int PACKETS = 50;
  /** The anomalies columns as {@code GET /api/v1/anomalies} shows them (in {@link RowJson}), from the row {@code p}. */
  private static final String PACKET_COLUMNS = "p.id, p.stream_id, host(p.src_ip) AS src_ip, host(p.dst_ip) AS dst_ip,"
      + " p.protocol, p.src_port, p.dst_port, p.payload_len, p.ttl, p.tcp_flags, p.pkt_rate, p.entropy, p.score,"
      + " p.severity, p.reasons, p.received_at, p.created_at, p.captured_at, p.sensor";
  // As model.Packet.synOnly: SYN set, ACK, FIN and RST clear (0x17 = ACK|RST|SYN|FIN).
  private static final String SYN_ONLY = "p.tcp_flags & 23 = 2 AND upper(p.protocol) = 'TCP'";
  /** Which anomalies rows (p) make up an alert (a) of each detector, besides being received while it was seen. */
  private static final Map<String, String> PACKETS_OF = Map.of(
      "port_scan", "p.src_ip = a.src_ip AND p.dst_ip = a.dst_ip AND " + SYN_ONLY,
      "host_sweep", "p.src_ip = a.src_ip AND p.dst_port = a.dst_port AND " + SYN_ONLY,
      "syn_flood", "p.dst_ip = a.dst_ip AND " + SYN_ONLY,
      "source_flood", "p.src_ip = a.src_ip",
      "packet", "p.src_ip = a.src_ip AND p.dst_ip = a.dst_ip AND p.reasons @> a.reasons");

  private static final Collector<Row, ?, List<JsonObject>> ALERTS =
      Collectors.mapping(AlertRows::toJson, Collectors.toList());

  private final SqlClient client;

  public AlertRepository(SqlClient client) {
    this.client = client;
  }

  /** Newest first, keyset-paged on id. */
  public Future<List<JsonObject>> find(AlertQuery query) {
    List<String> where = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    filter(where, params, "state = ?", query.state());
    filter(where, params, "severity = ANY(?::text[])",
        query.severities().isEmpty() ? null : query.severities().toArray(new String[0]));
    filter(where, params, "detector = ?", query.detector());
    filter(where, params, "src_ip = ?::text::inet", query.srcIp());
    filter(where, params, "last_seen >= ?", query.since());
    filter(where, params, "id < ?", query.beforeId());
    if (query.acknowledged() != null) {
      where.add(query.acknowledged() ? "acknowledged_at IS NOT NULL" : "acknowledged_at IS NULL");
    }
    params.add(query.limit());
    String sql = "SELECT " + AlertRows.COLUMNS + " FROM alerts"
        + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
        + " ORDER BY id DESC LIMIT $" + params.size();
    return client.preparedQuery(sql).collecting(ALERTS).execute(Tuple.from(params)).map(SqlResult::value);
  }

  /** Adds {@code condition} with its {@code ?} as the next parameter, {@code value}; nothing when value is null. */
  private static void filter(List<String> where, List<Object> params, String condition, Object value) {
    if (value == null) return;
    params.add(value);
    where.add(condition.replace("?", "$" + params.size()));
  }

  /** The alert, or null when there is none with this id. */
  public Future<JsonObject> byId(long id) {
    return client.preparedQuery("SELECT " + AlertRows.COLUMNS + " FROM alerts WHERE id = $1")
        .execute(Tuple.of(id))
        .map(AlertRepository::firstAlert);
  }

  /**
   * The alert's most recent {@link #PACKETS} anomalies rows, newest first, in the shape of
   * {@code GET /api/v1/anomalies}: those of its key whose event time (capture time, else receipt time) lies between
   * its first and last sighting. A packet is never received long before it was captured (ingest refuses a
   * {@code ts} more than MAX_CLOCK_SKEW_S ahead), so the bound on received_at keeps older partitions unread.
   */
  public Future<List<JsonObject>> packets(long id, String detector) {
    String belongs = PACKETS_OF.get(detector);
    if (belongs == null) return Future.succeededFuture(List.of());
    return client.preparedQuery("SELECT " + PACKET_COLUMNS + " FROM alerts a JOIN anomalies p ON " + belongs
            + " WHERE a.id = $1 AND p.received_at >= a.first_seen - interval '1 hour'"
            + " AND coalesce(p.captured_at, p.received_at) BETWEEN a.first_seen AND a.last_seen"
            + " ORDER BY p.id DESC LIMIT " + PACKETS)
        .collecting(RowJson.LIST)
        .execute(Tuple.of(id))
        .map(SqlResult::value);
  }

  /**
   * Marks the alert acknowledged now, by {@code by}; a null note keeps the one it had. The alert as it is now, or
   * null when there is none with this id.
   */
  public Future<JsonObject> acknowledge(long id, AckRequest ack) {
    return client.preparedQuery("UPDATE alerts SET acknowledged_at = now(), acknowledged_by = $2,"
            + " note = COALESCE($3, note) WHERE id = $1 RETURNING " + AlertRows.COLUMNS)
        .execute(Tuple.of(id, ack.by(), ack.note()))
        .map(AlertRepository::firstAlert);
  }

  private static JsonObject firstAlert(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? AlertRows.toJson(it.next()) : null;
  }
}
