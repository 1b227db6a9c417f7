package io.netwatch.persistence;

import io.netwatch.config.Settings;
import io.netwatch.persistence.PartitionPlan.Range;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps storage in shape, run by every persistence verticle at start and then on a timer: creates the
 * partitions of {@code anomalies} and of {@code rollup_only_keys} (the replay guard of rolled-up-only packets,
 * partitioned alike: {@link #PARTITIONED}) ahead of time ({@link PartitionPlan}), drops whole partitions past
 * RETENTION_RAW_HOURS (never a DELETE of rows), moves rows that landed in the default partition into a
 * partition made for them, and deletes in bounded batches what is past retention in the default partition,
 * released alerts past RETENTION_ALERTS_DAYS and rollups past RETENTION_ROLLUP_DAYS. Several nodes may run it at once: each change runs under one
 * transaction-scoped advisory lock, and DDL waits at most {@link #LOCK_TIMEOUT_MS} for its table lock so that
 * inserts never queue behind it for long (the next run tries again).
 */
public final class StorageMaintenance {
  private static final Logger log = LoggerFactory.getLogger(StorageMaintenance.class);
  /** pg_advisory_xact_lock key of partition changes ("netwatch" partitions, any constant the cluster shares). */
  static final long LOCK_KEY = 0x6e65_7477_7061_7274L;
  static final long LOCK_TIMEOUT_MS = 2_000;
  static final int DELETE_BATCH = 1_000;
  /** Batches per run and table: what is left goes in the next run. */
  static final int MAX_BATCHES = 100;
  /** The tables partitioned by hour of received_at, each with a {@code <table>_default} partition. */
  static final List<String> PARTITIONED = List.of("anomalies", "rollup_only_keys");

  /** Every partition with its bounds (null for the default partition), read back by PostgreSQL itself. */
  private static final String PARTITIONS_OF = "SELECT name, (regexp_match(bound, 'FROM \\(''([^'']+)''\\)'))[1]::timestamptz AS lo,"
      + " (regexp_match(bound, 'TO \\(''([^'']+)''\\)'))[1]::timestamptz AS hi"
      + " FROM (SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i"
      + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::text::regclass) p";

  /** Rows of a default partition past retention (rows whose hour had no partition; normally none). */
  private static String deleteOldDefault(String table) {
    return "DELETE FROM " + table + "_default WHERE ctid = ANY(ARRAY("
        + "SELECT ctid FROM " + table + "_default WHERE received_at < $1 LIMIT " + DELETE_BATCH + "))";
  }
  /** Released alerts whose last packet is past retention; engaged ones are never deleted. */
  private static final String DELETE_OLD_ALERTS = "DELETE FROM alerts WHERE id IN (SELECT id FROM alerts"
      + " WHERE state = 'released' AND last_seen < $1 ORDER BY last_seen LIMIT " + DELETE_BATCH + ")";

  private static final String DELETE_OLD_SEVERITY_ROLLUPS = "DELETE FROM rollup_severity_minute WHERE ctid = ANY(ARRAY("
      + "SELECT ctid FROM rollup_severity_minute WHERE minute < $1 LIMIT " + DELETE_BATCH + "))";
  private static final String DELETE_OLD_SOURCE_ROLLUPS = "DELETE FROM rollup_source_hour WHERE ctid = ANY(ARRAY("
      + "SELECT ctid FROM rollup_source_hour WHERE hour < $1 LIMIT " + DELETE_BATCH + "))";

  private final Pool pool;
  private final Retention retention;

  /** Hours of raw rows, days of released alerts and of rollups kept; 0 keeps them forever. */
  public record Retention(int rawHours, int alertsDays, int rollupDays) {
    public Retention {
      if (rawHours < 0) throw new IllegalArgumentException("RETENTION_RAW_HOURS must be 0 (keep) or more");
      if (alertsDays < 0) throw new IllegalArgumentException("RETENTION_ALERTS_DAYS must be 0 (keep) or more");
      if (rollupDays < 0) throw new IllegalArgumentException("RETENTION_ROLLUP_DAYS must be 0 (keep) or more");
    }

    public static Retention of(Settings settings) {
      return new Retention(settings.integer(Settings.RETENTION_RAW_HOURS), settings.integer(Settings.RETENTION_ALERTS_DAYS),
          settings.integer(Settings.RETENTION_ROLLUP_DAYS));
    }
  }

  /** What one run did. */
  public record Report(List<String> created, List<String> dropped, long defaultRowsMoved, long defaultRowsDeleted,
                       long alertsDeleted, long rollupsDeleted) {
  }

  public StorageMaintenance(Pool pool, Retention retention) {
    this.pool = pool;
    this.retention = retention;
  }

  /** Partitions ahead of {@code now}, then retention with {@code now} as the present. */
  public Future<Report> run(Instant now) {
    List<String> created = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    long[] counts = new long[4]; // moved from default, deleted from default, alerts deleted, rollups deleted
    Instant rawCutoff = now.minus(Duration.ofHours(retention.rawHours()));
    Instant rollupCutoff = now.minus(Duration.ofDays(retention.rollupDays()));
    return createAhead(now, created, counts)
        .compose(v -> retention.rawHours() == 0 ? Future.succeededFuture() : dropExpired(rawCutoff, dropped))
        .compose(v -> retention.rawHours() == 0 ? Future.succeededFuture(0L) : eachTable(table ->
            deleteInBatches(deleteOldDefault(table), rawCutoff).onSuccess(n -> counts[1] += n)).map(v2 -> counts[1]))
        .compose(n -> {
          counts[1] = n;
          return retention.alertsDays() == 0 ? Future.succeededFuture(0L)
              : deleteInBatches(DELETE_OLD_ALERTS, now.minus(Duration.ofDays(retention.alertsDays())));
        })
        .compose(n -> {
          counts[2] = n;
          return retention.rollupDays() == 0 ? Future.succeededFuture(0L)
              : deleteInBatches(DELETE_OLD_SEVERITY_ROLLUPS, rollupCutoff)
                  .compose(bySeverity -> deleteInBatches(DELETE_OLD_SOURCE_ROLLUPS, rollupCutoff).map(bySource -> bySeverity + bySource));
        })
        .map(n -> new Report(created, dropped, counts[0], counts[1], counts[2], n));
  }

  /** The hourly partitions from now's hour to {@link PartitionPlan#HOURS_AHEAD} ahead, one transaction per table. */
  public Future<List<String>> createAhead(Instant now) {
    List<String> created = new ArrayList<>();
    return createAhead(now, created, new long[1]).map(created);
  }

  /** Counts the rows moved out of the default partitions in {@code moved[0]}. */
  private Future<Void> createAhead(Instant now, List<String> created, long[] moved) {
    return eachTable(table -> pool.withTransaction(conn -> lock(conn)
        .compose(v -> partitions(conn, table))
        .compose(existing -> {
          List<Range> missing = PartitionPlan.missingHours(table, existing, now);
          if (missing.isEmpty()) return Future.succeededFuture();
          // Creating a partition locks the table anyway; locking it first means no insert can put a row of the
          // new range into the default partition between our look at it and the creation.
          return conn.query("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE").execute()
              .compose(locked -> sequentially(missing, range -> create(conn, table, range).onSuccess(rows -> {
                created.add(range.name());
                moved[0] += rows;
              })));
        })))
        .onSuccess(v -> {
          if (!created.isEmpty()) log.info("created partitions {}", created);
          if (moved[0] > 0) log.warn("moved {} rows from default partitions into their new partitions", moved[0]);
        });
  }

  /** Drops each partition wholly older than the cutoff, each in a transaction of its own (short table locks). */
  private Future<Void> dropExpired(Instant cutoff, List<String> dropped) {
    return eachTable(table -> pool.withConnection(conn -> partitions(conn, table))
        .compose(existing -> sequentially(PartitionPlan.expired(existing, cutoff), range -> pool.withTransaction(conn ->
                lock(conn).compose(v -> conn.query("DROP TABLE IF EXISTS " + range.name()).execute()))
            .onSuccess(v -> {
              dropped.add(range.name());
              log.info("dropped partition {} (rows received before {}; retention cutoff {})", range.name(),
                  range.to(), cutoff);
            }))));
  }

  /** The partition for {@code range}, taking over the rows the default partition holds for it; their count. */
  private Future<Long> create(SqlConnection conn, String table, Range range) {
    String bounds = " FOR VALUES FROM (" + PartitionPlan.literal(range.from()) + ") TO ("
        + PartitionPlan.literal(range.to()) + ")";
    Tuple window = Tuple.of(range.from().atOffset(java.time.ZoneOffset.UTC), range.to().atOffset(java.time.ZoneOffset.UTC));
    return conn.preparedQuery("SELECT EXISTS (SELECT 1 FROM " + table + "_default WHERE received_at >= $1"
            + " AND received_at < $2) AS stray").execute(window)
        .compose(rows -> {
          if (!rows.iterator().next().getBoolean("stray")) {
            return conn.query("CREATE TABLE IF NOT EXISTS " + range.name() + " PARTITION OF " + table + bounds)
                .execute().map(0L);
          }
          // Creating it would fail (the default partition holds rows of its range): build it beside, move, attach.
          return conn.query("CREATE TABLE " + range.name() + " (LIKE " + table + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
              .execute()
              .compose(v -> conn.preparedQuery("WITH moved AS (DELETE FROM " + table + "_default WHERE received_at >= $1"
                  + " AND received_at < $2 RETURNING *) INSERT INTO " + range.name() + " SELECT * FROM moved")
                  .execute(window))
              .compose(inserted -> conn.query("ALTER TABLE " + table + " ATTACH PARTITION " + range.name() + bounds)
                  .execute().map((long) inserted.rowCount()));
        });
  }

  /** Serialises partition changes between nodes, and bounds how long DDL may wait for its table lock. */
  private static Future<Void> lock(SqlConnection conn) {
    return conn.preparedQuery("SELECT pg_advisory_xact_lock($1), set_config('lock_timeout', $2, true)")
        .execute(Tuple.of(LOCK_KEY, String.valueOf(LOCK_TIMEOUT_MS))).mapEmpty();
  }

  /** Every range partition of the table (not the default one) with its bounds. */
  private Future<List<Range>> partitions(SqlConnection conn, String table) {
    return conn.preparedQuery(PARTITIONS_OF).execute(Tuple.of(table)).map(rows -> {
      List<Range> ranges = new ArrayList<>();
      for (Row row : rows) {
        if (row.getOffsetDateTime("lo") == null) continue; // the default partition
        ranges.add(new Range(row.getString("name"), row.getOffsetDateTime("lo").toInstant(),
            row.getOffsetDateTime("hi").toInstant()));
      }
      return ranges;
    });
  }

  /** Runs the delete (one parameter: the cutoff) until a batch deletes fewer than a full batch; the rows deleted. */
  private Future<Long> deleteInBatches(String sql, Instant cutoff) {
    Tuple params = Tuple.of(cutoff.atOffset(java.time.ZoneOffset.UTC));
    return deleteBatches(sql, params, 0, 0L);
  }

  private Future<Long> deleteBatches(String sql, Tuple params, int batches, long deleted) {
    return pool.preparedQuery(sql).execute(params).compose(rows -> {
      long total = deleted + rows.rowCount();
      if (rows.rowCount() < DELETE_BATCH || batches + 1 >= MAX_BATCHES) return Future.succeededFuture(total);
      return deleteBatches(sql, params, batches + 1, total);
    });
  }

  private static Future<Void> eachTable(java.util.function.Function<String, Future<?>> step) {
    return sequentially(PARTITIONED, step);
  }

  private static <T> Future<Void> sequentially(List<T> items, java.util.function.Function<T, Future<?>> step) {
    Future<?> chain = Future.succeededFuture();
    for (T item : items) chain = chain.compose(v -> step.apply(item));
    return chain.mapEmpty();
  }
}
