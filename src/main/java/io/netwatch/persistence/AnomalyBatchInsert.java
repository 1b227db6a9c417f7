package io.netwatch.persistence;

import io.netwatch.model.Severity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The batch insert into anomalies and the rollups: one statement per batch, rows and rollups committed together,
 * a replayed row neither stored nor counted again.
 */
final class AnomalyBatchInsert {
  /**
   * What the batch statement answers for each row it inserted: the rest of the row is the anomaly the batch
   * carried (see {@link BatchColumns#publishedRow}). The addresses come back as PostgreSQL prints them, as the API shows them.
   */
  private static final String INSERTED_COLUMNS = "inserted.id, inserted.stream_id,"
      + " host(inserted.src_ip) AS src_ip, host(inserted.dst_ip) AS dst_ip,"
      + " (extract(epoch FROM inserted.received_at) * 1000)::int8 AS received_ms, inserted.created_at";

  /** A batch's arrays, one row per anomaly (arrays are unnested server-side). */
  private static final String BATCH = "unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[],"
      + " $7::int[], $8::int[], $9::int[], $10::float8[], $11::float8[], $12::float8[], $13::text[], $14::text[],"
      + " $15::int8[], $16::int8[], $17::text[]) AS t(s, si, di, pr, sp, dp, pl, tt, tf, rt, en, sc, sv, rs, ra, ca, sn)";

  /**
   * One statement per batch whatever its size, which also adds the rows it inserted to the minute rollups: rows
   * and rollups commit together, and a replayed row (already stored under its stream_id and received_at) is
   * neither inserted nor counted again. Rollup rows are upserted in key order, so concurrent batches never
   * deadlock, and on a shard of their connection's own, so they rarely wait. STORE_MIN_SEVERITY low (the
   * default): every row is stored, and this is the statement.
   */
  private static final String INSERT = "WITH " + insertRows(BATCH) + ", " + rollups("inserted")
      + " SELECT " + INSERTED_COLUMNS + " FROM inserted";

  /**
   * The same with STORE_MIN_SEVERITY above low: the anomalies whose severity is in $18 (those below it) get no
   * row; only their key goes into rollup_only_keys, which guards them against a replay as anomalies' key guards a
   * row, and the rollups count the union of what both inserts returned. Every answer row carries the batch's
   * count of rolled-up-only packets; with no row stored, one row of nulls carries it.
   */
  private static final String INSERT_GUARDED = "WITH t AS (SELECT *, sv <> ALL($18::text[]) AS keep FROM " + BATCH + "), "
      + insertRows("t WHERE keep") + ","
      + " guarded AS (INSERT INTO rollup_only_keys (stream_id, received_at)"
      + " SELECT s, to_timestamp(ra / 1000.0) FROM t WHERE NOT keep"
      + " ON CONFLICT (stream_id, received_at) DO NOTHING RETURNING stream_id, received_at),"
      + " counted AS (SELECT received_at, severity, src_ip, score FROM inserted UNION ALL"
      + " (SELECT DISTINCT ON (g.stream_id, g.received_at) g.received_at, t.sv, t.si::inet, t.sc FROM guarded g"
      + " JOIN t ON NOT t.keep AND t.s = g.stream_id AND to_timestamp(t.ra / 1000.0) = g.received_at)), "
      + rollups("counted")
      + " SELECT " + INSERTED_COLUMNS + ", (SELECT count(*) FROM guarded) AS rolled_up_only"
      + " FROM (VALUES (1)) AS one (x) LEFT JOIN inserted ON true";

  /** The CTE {@code inserted}: the rows of {@code source} (columns as in {@link #BATCH}) not stored yet. */
  private static String insertRows(String source) {
    return "inserted AS (INSERT INTO anomalies (stream_id, src_ip, dst_ip, protocol,"
        + " src_port, dst_port, payload_len, ttl, tcp_flags, pkt_rate, entropy, score, severity, reasons, received_at,"
        + " captured_at, sensor)"
        + " SELECT s, si::inet, di::inet, pr, sp, dp, pl, tt, tf, rt, en, sc, sv, string_to_array(rs, ','),"
        // Microseconds as an interval, not to_timestamp(double): exact to the microsecond. NULL stays NULL.
        + " to_timestamp(ra / 1000.0), timestamptz 'epoch' + ca * interval '1 microsecond', sn FROM " + source
        + " ON CONFLICT (stream_id, received_at) DO NOTHING"
        + " RETURNING id, stream_id, src_ip, dst_ip, severity, score, received_at, created_at)";
  }

  /** The CTEs adding {@code counted} (received_at, severity, src_ip, score) to the rollups. */
  private static String rollups(String counted) {
    return "by_severity AS (INSERT INTO rollup_severity_minute (minute, severity, shard, packets, max_score)"
        + " SELECT date_trunc('minute', received_at), severity, pg_backend_pid() % 4, count(*), max(score)"
        + " FROM " + counted + " GROUP BY 1, 2 ORDER BY 1, 2"
        + " ON CONFLICT (minute, severity, shard) DO UPDATE SET packets = rollup_severity_minute.packets + EXCLUDED.packets,"
        + " max_score = greatest(rollup_severity_minute.max_score, EXCLUDED.max_score)),"
        + " by_source AS (INSERT INTO rollup_source_hour (hour, src_ip, shard, anomalies, max_score)"
        + " SELECT date_trunc('hour', received_at), src_ip::inet, pg_backend_pid() % 4, count(*), max(score)"
        + " FROM " + counted + " WHERE score > 0 GROUP BY 1, 2 ORDER BY 1, 2"
        + " ON CONFLICT (hour, src_ip, shard) DO UPDATE SET anomalies = rollup_source_hour.anomalies + EXCLUDED.anomalies,"
        + " max_score = greatest(rollup_source_hour.max_score, EXCLUDED.max_score))";
  }

  private final SqlClient client;
  /** The severities below STORE_MIN_SEVERITY: packets of these are only counted in the rollups. */
  private final String[] rolledUpOnly;
  private final IsoMillis receivedAtIso = new IsoMillis();

  AnomalyBatchInsert(SqlClient client, Severity storeMin) {
    this.client = client;
    this.rolledUpOnly = java.util.Arrays.stream(Severity.values()).filter(s -> s.compareTo(storeMin) < 0)
        .map(Severity::label).toArray(String[]::new);
  }

  Future<AnomalyRepository.Inserted> execute(BatchColumns batch) {
    boolean guarded = rolledUpOnly.length > 0;
    return client.preparedQuery(guarded ? INSERT_GUARDED : INSERT)
        .execute(guarded ? batch.tuple().addValue(rolledUpOnly) : batch.tuple())
        .map(rows -> {
          List<JsonObject> stored = new ArrayList<>(rows.size());
          long rolledUp = 0;
          OffsetDateTime createdAt = null;
          String createdIso = null;
          for (Row row : rows) {
            if (guarded) rolledUp = row.getLong("rolled_up_only");
            if (row.getLong("id") == null) continue;
            OffsetDateTime created = row.getOffsetDateTime("created_at");
            if (!created.equals(createdAt)) { // one now() per statement: formatted once
              createdAt = created;
              createdIso = AnomalyRows.iso(created);
            }
            long receivedMs = row.getLong("received_ms");
            stored.add(batch.publishedRow(row, batch.indexOf(row.getString("stream_id"), receivedMs), createdIso,
                receivedAtIso.format(receivedMs)));
          }
          return new AnomalyRepository.Inserted(stored, rolledUp, batch.receivedAtMillis());
        });
  }
}
