package io.netwatch.detection;

import io.netwatch.alerts.AlertRows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * Alert episodes in PostgreSQL. The database decides which node engages an alert: the partial unique
 * index allows one engaged row per (detector, alert_key), so a hit either inserts it or refreshes it, in
 * one statement per batch, whichever analyzer node gets there first.
 */
final class AlertEpisodes {
  /** What a batch did to one alert: engaged it, or refreshed it (with {@code pushed}: time to tell browsers). */
  record Change(JsonObject alert, boolean engaged, boolean pushed) {
  }

  static final long UPDATE_PUSH_INTERVAL_SECONDS = 5;
  static final int RELEASE_BATCH = 500;

  private static final String SEVERITY_RANK = "array_position(ARRAY['low','medium','high','critical'], %s)";

  private static final String UPSERT = "WITH input AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[],"
      + " $4::text[], $5::text[], $6::int[], $7::int8[], $8::int8[], $9::int8[], $10::int8[], $11::float8[],"
      + " $12::text[], $13::int8[]) AS t(d, r, k, si, di, dp, fs, ls, ep, bp, ms, sv, q))"
      + " INSERT INTO alerts AS a (detector, reasons, alert_key, src_ip, dst_ip, dst_port, first_seen, last_seen,"
      + " packet_count, max_score, severity, state, quiet_ms, pushed_at)"
      + " SELECT d, string_to_array(r, ','), k, si::inet, di::inet, dp, to_timestamp(fs / 1000.0),"
      + " to_timestamp(ls / 1000.0), ep, ms, sv, 'engaged', q, now() FROM input ORDER BY d, k"
      + " ON CONFLICT (detector, alert_key) WHERE state = 'engaged' DO UPDATE SET"
      + " last_seen = GREATEST(a.last_seen, EXCLUDED.last_seen), refreshed_at = now(),"
      // A refreshed alert gains this batch's packets, not the window's count it would have been engaged with.
      + " packet_count = a.packet_count"
      + " + (SELECT i.bp FROM input i WHERE i.d = EXCLUDED.detector AND i.k = EXCLUDED.alert_key),"
      + " max_score = GREATEST(a.max_score, EXCLUDED.max_score),"
      + " severity = CASE WHEN " + SEVERITY_RANK.formatted("EXCLUDED.severity") + " > "
      + SEVERITY_RANK.formatted("a.severity") + " THEN EXCLUDED.severity ELSE a.severity END,"
      + " pushed_at = CASE WHEN a.pushed_at <= now() - interval '" + UPDATE_PUSH_INTERVAL_SECONDS + " seconds'"
      + " THEN now() ELSE a.pushed_at END"
      // xmax is 0 only on a row this statement inserted.
      + " RETURNING " + AlertRows.COLUMNS + ", (xmax = 0) AS engaged, (pushed_at = now()) AS pushed";

  // SKIP LOCKED: two nodes sweeping at once release disjoint alerts instead of waiting for each other.
  // Quiet on the wall clock (refreshed_at), not in event time: a replayed capture's alerts are not released
  // the moment they engage because their packets are old.
  private static final String RELEASE = "UPDATE alerts SET state = 'released', released_at = now()"
      + " WHERE id IN (SELECT id FROM alerts WHERE state = 'engaged'"
      + " AND refreshed_at < now() - quiet_ms * interval '1 millisecond'"
      + " ORDER BY refreshed_at LIMIT " + RELEASE_BATCH + " FOR UPDATE SKIP LOCKED)"
      + " RETURNING " + AlertRows.COLUMNS;

  private final SqlClient client;

  AlertEpisodes(SqlClient client) {
    this.client = client;
  }

  /** Engages or refreshes the alerts of the hits (sorted by identity, at most one per identity). */
  Future<List<Change>> record(List<AlertHit> hits) {
    if (hits.isEmpty()) return Future.succeededFuture(List.of());
    int n = hits.size();
    String[] detectors = new String[n];
    String[] reasons = new String[n];
    String[] keys = new String[n];
    String[] srcIps = new String[n];
    String[] dstIps = new String[n];
    Integer[] dstPorts = new Integer[n];
    Long[] firstSeen = new Long[n];
    Long[] lastSeen = new Long[n];
    Long[] engagePackets = new Long[n];
    Long[] batchPackets = new Long[n];
    Double[] maxScores = new Double[n];
    String[] severities = new String[n];
    Long[] quietMs = new Long[n];
    for (int i = 0; i < n; i++) {
      AlertHit hit = hits.get(i);
      detectors[i] = hit.detector();
      reasons[i] = String.join(",", hit.reasons());
      keys[i] = hit.key();
      srcIps[i] = hit.srcIp();
      dstIps[i] = hit.dstIp();
      dstPorts[i] = hit.dstPort();
      firstSeen[i] = hit.firstSeenMillis();
      lastSeen[i] = hit.lastSeenMillis();
      engagePackets[i] = hit.engagePackets();
      batchPackets[i] = hit.batchPackets();
      maxScores[i] = hit.maxScore();
      severities[i] = hit.severity().label();
      quietMs[i] = hit.quietMs();
    }
    return client.preparedQuery(UPSERT)
        .execute(Tuple.of(detectors, reasons, keys, srcIps, dstIps, dstPorts, firstSeen, lastSeen, engagePackets,
            batchPackets, maxScores, severities, quietMs))
        .map(rows -> {
          List<Change> changes = new ArrayList<>(rows.size());
          for (Row row : rows) {
            changes.add(new Change(AlertRows.toJson(row), row.getBoolean("engaged"), row.getBoolean("pushed")));
          }
          return changes;
        });
  }

  /** Releases alerts whose quiet period has passed (a bounded number per call); returns them. */
  Future<List<JsonObject>> releaseQuiet() {
    return client.query(RELEASE).execute().map(rows -> {
      List<JsonObject> released = new ArrayList<>(rows.size());
      for (Row row : rows) released.add(AlertRows.toJson(row));
      return released;
    });
  }
}
