package io.netwatch.persistence;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Keyset pages for exports: rows with an id above the last one sent, oldest id first, so that an export of any
 * size is a series of short queries (no transaction or cursor held open: retention may drop a partition
 * meanwhile). With several severities each one is read through its own (severity, id) index and merged, so a
 * page never sorts every matching row.
 */
public final class ExportPages {
  /** A table to export: its columns (as the API shows them), its time condition on $2 (from) and $3 (until). */
  public record Source(String table, String columns, String timeCondition, Function<Row, JsonObject> toJson) {
  }

  /** Anomalies received in [since, until). */
  public static final Source ANOMALIES = new Source("anomalies", AnomalyRows.ROW_COLUMNS,
      "received_at >= $2 AND received_at < $3", AnomalyRows::toJson);

  /** Which rows: a time range (required), severities (empty: all) and a source address (null: any). */
  public record Filter(OffsetDateTime since, OffsetDateTime until, List<String> severities, String srcIp) {
  }

  private final SqlClient client;

  public ExportPages(SqlClient client) {
    this.client = client;
  }

  /** Up to {@code limit} rows with an id above {@code afterId}, by id. */
  public Future<List<JsonObject>> page(Source source, Filter filter, long afterId, int limit) {
    List<Object> params = new ArrayList<>(List.of(afterId, filter.since(), filter.until()));
    String where = "id > $1 AND " + source.timeCondition();
    if (filter.srcIp() != null) {
      params.add(filter.srcIp());
      where += " AND src_ip = $" + params.size() + "::text::inet";
    }
    String sql;
    if (filter.severities().size() == 1) {
      params.add(filter.severities().get(0));
      sql = "SELECT " + source.columns() + " FROM " + source.table() + " WHERE " + where
          + " AND severity = $" + params.size() + " ORDER BY id LIMIT " + limit;
    } else if (filter.severities().isEmpty()) {
      sql = "SELECT " + source.columns() + " FROM " + source.table() + " WHERE " + where + " ORDER BY id LIMIT " + limit;
    } else {
      List<String> branches = new ArrayList<>();
      for (String severity : filter.severities()) {
        params.add(severity);
        branches.add("(SELECT * FROM " + source.table() + " WHERE " + where + " AND severity = $" + params.size()
            + " ORDER BY id LIMIT " + limit + ")");
      }
      sql = "SELECT " + source.columns() + " FROM (" + String.join(" UNION ALL ", branches) + ") AS " + source.table()
          + " ORDER BY id LIMIT " + limit;
    }
    return client.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
      List<JsonObject> page = new ArrayList<>(rows.size());
      for (Row row : rows) page.add(source.toJson().apply(row));
      return page;
    });
  }
}
