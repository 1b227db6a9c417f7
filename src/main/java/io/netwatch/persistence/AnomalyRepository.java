package io.netwatch.persistence;

import io.netwatch.model.Anomaly;
import io.netwatch.model.Messages;
import io.netwatch.model.Packet;
import io.netwatch.model.Severity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * SQL for the anomalies table. Every query is parameterised; rows come back as snake_case JSON. The batch insert
 * lives in {@link AnomalyBatchInsert}, the statistics in {@link AnomalyStats}, the row shape in {@link AnomalyRows}.
 */
public final class AnomalyRepository {
  /** Stats over at most this many minutes read the raw rows; longer ones the minute rollups. */
  public static final int RAW_STATS_MINUTES = AnomalyStats.RAW_STATS_MINUTES;
  /** At most this many points in a stats series. */
  public static final int SERIES_POINTS = AnomalyStats.SERIES_POINTS;

  private final SqlClient client;
  private final AnomalyBatchInsert inserts;
  private final AnomalyStats stats;

  /** A repository that stores every packet (STORE_MIN_SEVERITY low). */
  public AnomalyRepository(SqlClient client) {
    this(client, Severity.LOW);
  }

  /** A repository that stores packets of {@code storeMin} and above, and only counts the others in the rollups. */
  public AnomalyRepository(SqlClient client, Severity storeMin) {
    this.client = client;
    this.inserts = new AnomalyBatchInsert(client, storeMin);
    this.stats = new AnomalyStats(client);
  }

  /** STORE_MIN_SEVERITY's value: one of the four severities, any case; anything else is refused, naming it. */
  public static Severity storeMinSeverity(String value) {
    Severity severity = Severity.fromLabel(value == null ? null : value.strip().toLowerCase(java.util.Locale.ROOT));
    if (severity == null) {
      throw new IllegalArgumentException("STORE_MIN_SEVERITY must be low, medium, high or critical, got '" + value + "'");
    }
    return severity;
  }

  /**
   * What a batch's insert did: the rows that were new, as committed, and how many packets were only rolled up;
   * and the receive time of every packet of the batch (the key demands one), for the pipeline's latency.
   */
  public record Inserted(List<JsonObject> rows, long rolledUpOnly, long[] receivedAtMillis) {
  }

  /**
   * Inserts the anomalies (scorer JSON shape, as {@code anomaly.store} documents it): those of STORE_MIN_SEVERITY and
   * above as rows, the others only into the rollups (and their replay guard); both counted once however often the
   * batch is replayed. A missing field takes its default here; a missing or malformed required one is left for
   * PostgreSQL to refuse.
   */
  public Future<Inserted> insertJson(List<JsonObject> anomalies) {
    BatchColumns batch = new BatchColumns(anomalies.size());
    for (int i = 0; i < anomalies.size(); i++) {
      JsonObject a = anomalies.get(i);
      batch.set(i, a.getString("stream_id"), a.getString("src_ip"), a.getString("dst_ip"), a.getString("protocol"),
          a.getInteger("src_port", 0), a.getInteger("dst_port", 0), a.getInteger("payload_len", 0),
          a.getInteger("ttl"), // null: not sent
          a.getInteger("tcp_flags", 0), a.getDouble("pkt_rate", 0.0), a.getDouble("entropy", 0.0),
          a.getDouble("score"), a.getString("severity"), Messages.strings(a.getJsonArray("reasons", new JsonArray())),
          a.getLong("received_at"), a.getLong(Messages.TS), a.getString(Messages.SENSOR));
    }
    return inserts.execute(batch);
  }

  /** As {@link #insertJson}, for anomalies a scorer of this JVM made: read field by field, no JSON in between. */
  public Future<Inserted> insert(List<Anomaly> anomalies) {
    BatchColumns batch = new BatchColumns(anomalies.size());
    for (int i = 0; i < anomalies.size(); i++) {
      Anomaly a = anomalies.get(i);
      Packet p = a.packet();
      batch.set(i, a.streamId(), p.srcIp(), p.dstIp(), p.protocol(), p.srcPort(), p.dstPort(), p.payloadLen(), p.ttl(),
          p.tcpFlags(), p.pktRate(), a.entropy(), a.score(), a.severity().label(), a.reasons(), a.receivedAtMillis(),
          p.capturedAtMicros(), p.sensor());
    }
    return inserts.execute(batch);
  }

  /**
   * The received_at (epoch ms) of the row stored (or the rolled-up-only packet kept) under this stream id, or null: an external result resubmitted
   * without its received_at is given the stored one, so that it meets its key (stream_id, received_at) again.
   */
  public Future<Long> receivedAtOf(String streamId) {
    return client.preparedQuery("SELECT received_at FROM anomalies WHERE stream_id = $1 UNION ALL"
            + " SELECT received_at FROM rollup_only_keys WHERE stream_id = $1 LIMIT 1")
        .execute(Tuple.of(streamId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getOffsetDateTime("received_at").toInstant()
            .toEpochMilli());
  }

  /** Newest first, keyset-paged on id. */
  public Future<List<JsonObject>> find(AnomalyQuery query) {
    List<String> where = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    if (!query.severities().isEmpty()) {
      params.add(query.severities().toArray(new String[0]));
      where.add("severity = ANY($" + params.size() + "::text[])");
    }
    if (query.srcIp() != null) {
      params.add(query.srcIp());
      where.add("src_ip = $" + params.size() + "::text::inet");
    }
    if (query.dstIp() != null) {
      params.add(query.dstIp());
      where.add("dst_ip = $" + params.size() + "::text::inet");
    }
    if (query.since() != null) {
      params.add(query.since());
      where.add("received_at >= $" + params.size());
    }
    if (query.beforeId() != null) {
      params.add(query.beforeId());
      where.add("id < $" + params.size());
    }
    // The limit is written into the statement, not bound: with a bound LIMIT PostgreSQL keeps planning each
    // execution afresh (its generic plan looks dearer), and planning a query over ~80 partitions costs 5-25 ms.
    String sql = "SELECT " + AnomalyRows.ROW_COLUMNS + " FROM anomalies"
        + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
        + " ORDER BY id DESC LIMIT " + Math.max(1, query.limit());
    return client.preparedQuery(sql).execute(Tuple.from(params)).map(AnomalyRows::toJson);
  }

  /**
   * Sources with the most anomalies (score above 0) in the last {@code minutes}, counts by severity, and a series
   * of counts by severity for a chart (at most {@link #SERIES_POINTS} points). Up to {@link #RAW_STATS_MINUTES}
   * minutes the totals come from the raw rows (exact to the millisecond); beyond, and for the series, from the
   * rollups, so that a day or a month costs about as little as a quarter of an hour: counts by severity to the
   * minute (the window starts at the beginning of the minute N minutes ago), top talkers to the hour (at the
   * beginning of that hour).
   */
  public Future<JsonObject> recentStats(int minutes, int top) {
    return stats.recentStats(minutes, top);
  }
}
