package io.netwatch.persistence;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** The dashboard's statistics over anomalies: raw rows for short spans, the minute and hour rollups beyond. */
final class AnomalyStats {
  /** Stats over at most this many minutes read the raw rows; longer ones the minute rollups. */
  static final int RAW_STATS_MINUTES = 60;
  /** At most this many points in a stats series. */
  static final int SERIES_POINTS = 240;
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

  AnomalyStats(SqlClient client) {
    this.client = client;
  }

  /**
   * Sources with the most anomalies (score above 0) in the last {@code minutes}, counts by severity, and a series
   * of counts by severity for a chart (at most {@link #SERIES_POINTS} points). Up to {@link #RAW_STATS_MINUTES}
   * minutes the totals come from the raw rows (exact to the millisecond); beyond, and for the series, from the
   * rollups, so that a day or a month costs about as little as a quarter of an hour: counts by severity to the
   * minute (the window starts at the beginning of the minute N minutes ago), top talkers to the hour (at the
   * beginning of that hour).
   */
  Future<JsonObject> recentStats(int minutes, int top) {
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
        String at = AnomalyRows.iso(row.getOffsetDateTime("at"));
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
