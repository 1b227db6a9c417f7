package io.netwatch.ops;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;

import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the stored anomalies take: partitions of {@code anomalies}, their total size on disk (tables, indexes,
 * TOAST), the oldest received_at kept, and the rows in the default partition (rows whose time had no partition:
 * normally none). Shown on {@code /ready} (the PostgreSQL check's detail) and as {@code netwatch_storage_*}
 * gauges. Reads the catalog and one index end per partition: cheap enough for every probe.
 */
public final class StorageUsage {
  /** Counted up to this: the default partition should be empty, and a count must stay cheap if it is not. */
  static final int DEFAULT_ROWS_COUNTED = 100_000;

  private static final String PARTITIONS = "SELECT count(*) FILTER (WHERE c.relname <> 'anomalies_default') AS partitions,"
      + " coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS bytes"
      + " FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass('anomalies')";
  private static final String OLDEST = "SELECT (SELECT min(received_at) FROM anomalies) AS oldest,"
      + " (SELECT count(*) FROM (SELECT 1 FROM anomalies_default LIMIT " + DEFAULT_ROWS_COUNTED + ") d) AS default_rows";

  private StorageUsage() {
  }

  /** {"partitions", "bytes", "oldest_received_at" (ISO-8601 or null when empty), "default_rows"}. */
  public static Future<JsonObject> read(SqlClient client) {
    return client.query(PARTITIONS).execute().compose(sizes -> {
      Row size = sizes.iterator().next();
      JsonObject usage = new JsonObject().put("partitions", size.getLong("partitions")).put("bytes", size.getLong("bytes"));
      if (size.getLong("partitions") == 0) {
        return Future.succeededFuture(usage.putNull("oldest_received_at").put("default_rows", 0L));
      }
      return client.query(OLDEST).execute().map(rows -> {
        Row row = rows.iterator().next();
        OffsetDateTime oldest = row.getOffsetDateTime("oldest");
        return usage.put("oldest_received_at", oldest == null ? null : oldest.toInstant().toString())
            .put("default_rows", row.getLong("default_rows"));
      });
    });
  }

  /** The gauges of one node, set from {@link #read}'s answer. */
  public static final class Gauges {
    private final AtomicLong partitions = Metrics.gauge("netwatch.storage.partitions", "table", "anomalies");
    private final AtomicLong bytes = Metrics.gauge("netwatch.storage.bytes", "table", "anomalies");
    private final AtomicLong oldest = Metrics.gauge("netwatch.storage.oldest_received_at_seconds", "table", "anomalies");
    private final AtomicLong defaultRows = Metrics.gauge("netwatch.storage.default_partition_rows", "table", "anomalies");

    public void set(JsonObject usage) {
      partitions.set(usage.getLong("partitions", 0L));
      bytes.set(usage.getLong("bytes", 0L));
      String oldestAt = usage.getString("oldest_received_at");
      oldest.set(oldestAt == null ? 0 : java.time.Instant.parse(oldestAt).getEpochSecond());
      defaultRows.set(usage.getLong("default_rows", 0L));
    }
  }
}
