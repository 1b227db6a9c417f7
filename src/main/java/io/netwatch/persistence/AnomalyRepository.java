package io.netwatch.persistence;

import io.netwatch.model.Anomaly;
import io.netwatch.model.Messages;
import io.netwatch.model.Packet;
import io.netwatch.model.Severity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** SQL for the anomalies table. Every query is parameterised; rows come back as snake_case JSON. */
public final class AnomalyRepository {
  /** The columns of a row as the API shows them (inet as plain text). */
  static final String ROW_COLUMNS = "id, stream_id, host(src_ip) AS src_ip, host(dst_ip) AS dst_ip, protocol,"
      + " src_port, dst_port, payload_len, ttl, tcp_flags, pkt_rate, entropy, score, severity, reasons,"
      + " received_at, created_at";

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
      + " $15::int8[]) AS t(s, si, di, pr, sp, dp, pl, tt, tf, rt, en, sc, sv, rs, ra)";

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
   * The same with STORE_MIN_SEVERITY above low: the anomalies whose severity is in $16 (those below it) get no
   * row; only their key goes into rollup_only_keys, which guards them against a replay as anomalies' key guards a
   * row, and the rollups count the union of what both inserts returned. Every answer row carries the batch's
   * count of rolled-up-only packets; with no row stored, one row of nulls carries it.
   */
  private static final String INSERT_GUARDED = "WITH t AS (SELECT *, sv <> ALL($16::text[]) AS keep FROM " + BATCH + "), "
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
        + " src_port, dst_port, payload_len, ttl, tcp_flags, pkt_rate, entropy, score, severity, reasons, received_at)"
        + " SELECT s, si::inet, di::inet, pr, sp, dp, pl, tt, tf, rt, en, sc, sv, string_to_array(rs, ','),"
        + " to_timestamp(ra / 1000.0) FROM " + source
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

  /** Stats over at most this many minutes read the raw rows; longer ones the minute rollups. */
  public static final int RAW_STATS_MINUTES = 60;
  /** At most this many points in a stats series. */
  public static final int SERIES_POINTS = 240;
  private static final String RAW_TALKERS = "SELECT host(src_ip) AS src_ip, count(*) AS count,"
      + " max(score) AS max_score FROM anomalies WHERE received_at >= now() - make_interval(mins => $1)"
      + " AND score > 0 GROUP BY src_ip ORDER BY count DESC, src_ip LIMIT $2";
  private static final String RAW_BY_SEVERITY = "SELECT severity, count(*) AS count FROM anomalies"
      + " WHERE received_at >= now() - make_interval(mins => $1) GROUP BY severity";
  private static final String ROLLUP_FROM = "minute >= date_trunc('minute', now() - make_interval(mins => $1))";
  private static final String ROLLUP_TALKERS = "SELECT host(src_ip) AS src_ip, sum(anomalies)::bigint AS count,"
      + " max(max_score) AS max_score FROM rollup_source_hour"
      + " WHERE hour >= date_trunc('hour', now() - make_interval(mins => $1))"
      + " GROUP BY src_ip ORDER BY count DESC, src_ip LIMIT $2";
  private static final String ROLLUP_BY_SEVERITY = "SELECT severity, sum(packets)::bigint AS count"
      + " FROM rollup_severity_minute WHERE " + ROLLUP_FROM + " GROUP BY severity";
  private static final String ROLLUP_SERIES = "SELECT date_bin(make_interval(mins => $2), minute,"
      + " timestamptz '1970-01-01Z') AS at, severity, sum(packets)::bigint AS count FROM rollup_severity_minute"
      + " WHERE " + ROLLUP_FROM + " GROUP BY 1, 2 ORDER BY 1";

  private final SqlClient client;
  /** The severities below STORE_MIN_SEVERITY: packets of these are only counted in the rollups. */
  private final String[] rolledUpOnly;
  private final IsoMillis receivedAtIso = new IsoMillis();

  /** A repository that stores every packet (STORE_MIN_SEVERITY low). */
  public AnomalyRepository(SqlClient client) {
    this(client, Severity.LOW);
  }

  /** A repository that stores packets of {@code storeMin} and above, and only counts the others in the rollups. */
  public AnomalyRepository(SqlClient client, Severity storeMin) {
    this.client = client;
    this.rolledUpOnly = java.util.Arrays.stream(Severity.values()).filter(s -> s.compareTo(storeMin) < 0)
        .map(Severity::label).toArray(String[]::new);
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
          a.getLong("received_at"));
    }
    return insert(batch);
  }

  /** As {@link #insertJson}, for anomalies a scorer of this JVM made: read field by field, no JSON in between. */
  public Future<Inserted> insert(List<Anomaly> anomalies) {
    BatchColumns batch = new BatchColumns(anomalies.size());
    for (int i = 0; i < anomalies.size(); i++) {
      Anomaly a = anomalies.get(i);
      Packet p = a.packet();
      batch.set(i, a.streamId(), p.srcIp(), p.dstIp(), p.protocol(), p.srcPort(), p.dstPort(), p.payloadLen(), p.ttl(),
          p.tcpFlags(), p.pktRate(), a.entropy(), a.score(), a.severity().label(), a.reasons(), a.receivedAtMillis());
    }
    return insert(batch);
  }

  private Future<Inserted> insert(BatchColumns batch) {
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
              createdIso = iso(created);
            }
            long receivedMs = row.getLong("received_ms");
            stored.add(batch.publishedRow(row, batch.indexOf(row.getString("stream_id"), receivedMs), createdIso,
                receivedAtIso.format(receivedMs)));
          }
          return new Inserted(stored, rolledUp, batch.receivedAtMillis());
        });
  }

  /**
   * A batch's anomalies as the insert's column arrays, and the rows published after commit, built from those same
   * values rather than returned by the statement column by column: in the profile, decoding and formatting
   * returned rows cost more than building the arrays.
   */
  private static final class BatchColumns {
    private final String[] streamIds;
    private final String[] srcIps;
    private final String[] dstIps;
    private final String[] protocols;
    private final Integer[] srcPorts;
    private final Integer[] dstPorts;
    private final Integer[] payloadLens;
    private final Integer[] ttls;
    private final Integer[] tcpFlags;
    private final Double[] rates;
    private final Double[] entropies;
    private final Double[] scores;
    private final String[] severities;
    private final List<List<String>> reasons;
    private final String[] joinedReasons;
    private final Long[] receivedAt;
    /** stream_id@received_at to index: the statement answers only the rows it inserted, in no set order. */
    private final Map<String, Integer> indexByKey;

    BatchColumns(int n) {
      streamIds = new String[n];
      srcIps = new String[n];
      dstIps = new String[n];
      protocols = new String[n];
      srcPorts = new Integer[n];
      dstPorts = new Integer[n];
      payloadLens = new Integer[n];
      ttls = new Integer[n];
      tcpFlags = new Integer[n];
      rates = new Double[n];
      entropies = new Double[n];
      scores = new Double[n];
      severities = new String[n];
      reasons = new ArrayList<>(java.util.Collections.nCopies(n, null));
      joinedReasons = new String[n];
      receivedAt = new Long[n];
      indexByKey = new HashMap<>(n * 2);
    }

    /** Anomaly {@code i}'s columns, in the insert's column order. */
    @SuppressWarnings("java:S107") // one parameter per column: the row is flat
    void set(int i, String streamId, String srcIp, String dstIp, String protocol, Integer srcPort, Integer dstPort,
        Integer payloadLen, Integer ttl, Integer flags, Double rate, Double entropy, Double score, String severity,
        List<String> reasonList, Long receivedAtMillis) {
      streamIds[i] = streamId;
      srcIps[i] = srcIp;
      dstIps[i] = dstIp;
      protocols[i] = protocol;
      srcPorts[i] = srcPort;
      dstPorts[i] = dstPort;
      payloadLens[i] = payloadLen;
      ttls[i] = ttl;
      tcpFlags[i] = flags;
      rates[i] = rate;
      entropies[i] = entropy;
      scores[i] = score;
      severities[i] = severity;
      reasons.set(i, reasonList);
      joinedReasons[i] = String.join(",", reasonList);
      receivedAt[i] = receivedAtMillis;
      indexByKey.put(key(streamId, receivedAtMillis), i);
    }

    Tuple tuple() {
      return Tuple.of(streamIds, srcIps, dstIps, protocols, srcPorts, dstPorts, payloadLens, ttls, tcpFlags,
          rates, entropies, scores, severities, joinedReasons, receivedAt);
    }

    /** Only once the insert succeeded: a missing received_at fails it. */
    long[] receivedAtMillis() {
      long[] millis = new long[receivedAt.length];
      for (int i = 0; i < millis.length; i++) millis[i] = receivedAt[i];
      return millis;
    }

    int indexOf(String streamId, long receivedAtMillis) {
      return indexByKey.get(key(streamId, receivedAtMillis));
    }

    private static String key(String streamId, Long receivedAtMillis) {
      return streamId + "@" + receivedAtMillis;
    }

    /** Anomaly {@code i} as {@link #toJson(Row)} would read its row back; id and addresses from {@code row}. */
    JsonObject publishedRow(Row row, int i, String createdIso, String receivedIso) {
      return fromDatabase(row)
          .put("protocol", protocols[i])
          .put("src_port", srcPorts[i])
          .put("dst_port", dstPorts[i])
          .put("payload_len", payloadLens[i])
          .put("ttl", ttls[i])
          .put("tcp_flags", tcpFlags[i])
          .put("pkt_rate", rates[i])
          .put("entropy", entropies[i])
          .put("score", scores[i])
          .put("severity", severities[i])
          .put("reasons", new JsonArray(reasons.get(i)))
          .put("received_at", receivedIso)
          .put("created_at", createdIso);
    }
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
    String sql = "SELECT " + ROW_COLUMNS + " FROM anomalies"
        + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
        + " ORDER BY id DESC LIMIT " + Math.max(1, query.limit());
    return client.preparedQuery(sql).execute(Tuple.from(params)).map(AnomalyRepository::toJson);
  }

  private static List<JsonObject> toJson(RowSet<Row> rows) {
    List<JsonObject> list = new ArrayList<>(rows.size());
    for (Row row : rows) list.add(toJson(row));
    return list;
  }

  /** The columns a row starts with, read from the database whether the row is read back or published. */
  private static JsonObject fromDatabase(Row row) {
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
        .put("created_at", iso(row.getOffsetDateTime("created_at")));
  }

  private static String iso(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
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
    boolean raw = minutes <= RAW_STATS_MINUTES;
    Future<RowSet<Row>> talkers = client.preparedQuery(raw ? RAW_TALKERS : ROLLUP_TALKERS).execute(Tuple.of(minutes, top));
    Future<RowSet<Row>> bySeverity = client.preparedQuery(raw ? RAW_BY_SEVERITY : ROLLUP_BY_SEVERITY)
        .execute(Tuple.of(minutes));
    int bucket = Math.max(1, (minutes + SERIES_POINTS - 1) / SERIES_POINTS);
    Future<RowSet<Row>> series = client.preparedQuery(ROLLUP_SERIES).execute(Tuple.of(minutes, bucket));
    return Future.all(talkers, bySeverity, series).map(all -> {
      JsonArray topSources = new JsonArray();
      for (Row row : talkers.result()) {
        topSources.add(new JsonObject().put("src_ip", row.getString("src_ip")).put("count", row.getLong("count"))
            .put("max_score", row.getDouble("max_score")));
      }
      JsonObject perSeverity = severityCounts();
      for (Row row : bySeverity.result()) perSeverity.put(row.getString("severity"), row.getLong("count"));
      JsonArray points = new JsonArray();
      JsonObject point = null;
      for (Row row : series.result()) {
        String at = iso(row.getOffsetDateTime("at"));
        if (point == null || !point.getString("at").equals(at)) {
          point = severityCounts().put("at", at);
          points.add(point);
        }
        point.put(row.getString("severity"), row.getLong("count"));
      }
      return new JsonObject().put("minutes", minutes).put("top_sources", topSources).put("per_severity", perSeverity)
          .put("source", raw ? "raw" : "rollups")
          .put("series", new JsonObject().put("bucket_minutes", bucket).put("points", points));
    });
  }

  private static JsonObject severityCounts() {
    return new JsonObject().put("low", 0L).put("medium", 0L).put("high", 0L).put("critical", 0L);
  }
}
