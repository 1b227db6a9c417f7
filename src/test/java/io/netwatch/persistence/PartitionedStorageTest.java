package io.netwatch.persistence;

import io.netwatch.config.Settings;
import io.netwatch.testing.Await;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.netwatch.testing.SensorLoad;
import io.netwatch.testing.TestDatastores;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/** anomalies partitioned by hour on real PostgreSQL: the migration, partitions ahead, replay, retention. */
@DisplayName("Partitioned storage: migration keeps rows, partitions ahead, replay across a boundary, retention")
class PartitionedStorageTest {
  static final StorageMaintenance.Retention DEFAULT_RETENTION = new StorageMaintenance.Retention(72, 90, 400);

  @Platform(deployed = true)
  static PlatformUnderTest platform;
  static Pool pool;

  @BeforeAll
  static void connect() {
    pool = pool(platform.database.url());
  }

  @AfterAll
  static void close() {
    Await.result(pool.close());
  }

  static Pool pool(String url) {
    return pool(platform.vertx, url);
  }

  static Pool pool(io.vertx.core.Vertx vertx, String url) {
    return PgConfig.pool(vertx, new Settings(Map.of(Settings.DATABASE_URL, url, Settings.PG_POOL_SIZE, 2)));
  }

  /** An anomaly as scorers send it to persistence. */
  static JsonObject anomaly(String streamId, Instant receivedAt) {
    return new JsonObject().put("stream_id", streamId).put("src_ip", "10.9.8.7").put("dst_ip", "10.0.0.1")
        .put("protocol", "TCP").put("src_port", 1234).put("dst_port", 4444).put("payload_len", 10).put("ttl", 64)
        .put("tcp_flags", 2).put("payload_hex", "").put("pkt_rate", 1.0).put("entropy", 1.0).put("score", 0.3)
        .put("severity", "medium").put("reasons", new JsonArray().add("suspicious_port"))
        .put("received_at", receivedAt.toEpochMilli());
  }

  static int store(JsonObject... anomalies) {
    JsonObject message = new JsonObject().put("anomalies", new JsonArray(List.of((Object[]) anomalies)));
    return Await.result(platform.vertx.eventBus().<JsonObject>request("anomaly.store", message)).body()
        .getInteger("stored");
  }

  static String partitionOf(String streamId) {
    return platform.database.text("SELECT tableoid::regclass::text FROM anomalies WHERE stream_id = ?", streamId);
  }

  static boolean tableExists(String name) {
    return platform.database.count("SELECT count(*) FROM pg_class WHERE relname = ?", name) == 1;
  }

  @Test
  @DisplayName("at start the platform has created the partitions of the current hour and the next six")
  void partitionsCreatedAhead() {
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    // Up to the fifth hour ahead: the sixth is the next run's if an hour began since the platform started.
    for (int i = 0; i < PartitionPlan.HOURS_AHEAD; i++) {
      assertThat(tableExists(PartitionPlan.hour(hour.plus(Duration.ofHours(i))).name())).as("hour +" + i).isTrue();
    }
    JsonObject ready = platform.get("/ready").bodyAsJsonObject();
    JsonObject storage = ready.getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("id").equals("postgres")).findFirst().orElseThrow().getJsonObject("data")
        .getJsonObject("storage");
    assertThat(storage.getLong("partitions")).isGreaterThanOrEqualTo(PartitionPlan.HOURS_AHEAD + 1L);
    assertThat(storage.getLong("bytes")).isPositive();
    assertThat(storage.getLong("default_rows")).isZero();
  }

  @Test
  @DisplayName("a replayed batch (same stream_id and received_at) stores nothing twice, on both sides of an hour boundary")
  void replayAcrossPartitionBoundary() {
    Instant boundary = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
    JsonObject before = anomaly("r-1", boundary.minusMillis(1));
    JsonObject at = anomaly("r-2", boundary);
    JsonObject after = anomaly("r-3", boundary.plusMillis(1));

    assertThat(store(before, at, after)).isEqualTo(3);
    assertThat(store(before, at, after)).isZero();
    assertThat(store(after, anomaly("r-4", boundary.minusMillis(2)), before)).isEqualTo(1);

    assertThat(platform.database.count("SELECT count(*) FROM anomalies WHERE stream_id LIKE 'r-%'")).isEqualTo(4);
    assertThat(partitionOf("r-1")).isEqualTo(PartitionPlan.hour(boundary.minus(Duration.ofHours(1))).name());
    assertThat(partitionOf("r-2")).isEqualTo(PartitionPlan.hour(boundary).name());
    assertThat(partitionOf("r-3")).isEqualTo(PartitionPlan.hour(boundary).name());
  }

  @Test
  @DisplayName("a row whose hour has no partition lands in the default partition, then moves into the one made for it")
  void strayRowMovesOutOfDefault() {
    Instant farAhead = Instant.now().plus(Duration.ofDays(30));
    assertThat(store(anomaly("stray-1", farAhead))).isEqualTo(1);
    assertThat(partitionOf("stray-1")).isEqualTo("anomalies_default");

    // Partitions ahead as the platform will create them 30 days from now (not retention: it would drop today's).
    List<String> created = Await.result(new StorageMaintenance(pool, DEFAULT_RETENTION).createAhead(farAhead));

    String hour = PartitionPlan.hour(farAhead.truncatedTo(ChronoUnit.HOURS)).name();
    assertThat(created).contains(hour);
    assertThat(partitionOf("stray-1")).isEqualTo(hour);
    assertThat(store(anomaly("stray-1", farAhead))).isZero();
    assertThat(platform.database.count("SELECT count(*) FROM anomalies_default")).isZero();
  }

  @Test
  @DisplayName("two nodes creating the same partitions at once: both succeed, each partition exists once")
  void twoNodesRace() {
    Pool other = pool(platform.database.url());
    try {
      Instant later = Instant.now().plus(Duration.ofDays(3));
      Future<List<String>> a = new StorageMaintenance(pool, DEFAULT_RETENTION).createAhead(later);
      Future<List<String>> b = new StorageMaintenance(other, DEFAULT_RETENTION).createAhead(later);
      List<String> created = new ArrayList<>(Await.result(a));
      created.addAll(Await.result(b));
      // Each hour once for anomalies and once for its rolled-up-only replay guard, rollup_only_keys.
      assertThat(created).hasSize(2 * (PartitionPlan.HOURS_AHEAD + 1)).doesNotHaveDuplicates();
      assertThat(PartitionPlan.hour(later.truncatedTo(ChronoUnit.HOURS)).name()).isIn(created);
      assertThat(PartitionPlan.hour("rollup_only_keys", later.truncatedTo(ChronoUnit.HOURS)).name()).isIn(created);
    } finally {
      Await.result(other.close());
    }
  }

  @Test
  @DisplayName("a partition past RETENTION_RAW_HOURS is dropped while ingest runs: no request fails, rows = accepted")
  void retentionDropsWhileIngestRuns() throws Exception {
    PartitionPlan.Range old = PartitionPlan.hour(Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(100)));
    platform.database.execute("CREATE TABLE " + old.name() + " PARTITION OF anomalies FOR VALUES FROM ("
        + PartitionPlan.literal(old.from()) + ") TO (" + PartitionPlan.literal(old.to()) + ")");
    platform.database.execute("INSERT INTO anomalies (stream_id, src_ip, dst_ip, protocol, src_port, dst_port,"
        + " payload_len, ttl, tcp_flags, pkt_rate, entropy, score, severity, received_at)"
        + " SELECT 'old-' || g, '10.1.1.1', '10.2.2.2', 'UDP', 1, 53, 0, 64, 0, 0, 0, 0, 'low', "
        + PartitionPlan.literal(old.from()) + "::timestamptz + g * interval '1 second' FROM generate_series(1, 2000) g");
    long rowsBefore = platform.rows();

    SensorLoad load = new SensorLoad(platform, 4, sensor -> "{\"src_ip\":\"10.7.0." + sensor
        + "\",\"dst_ip\":\"10.0.0.1\",\"protocol\":\"UDP\",\"dst_port\":53}");
    try {
      within(Duration.ofSeconds(20), () -> assertThat(load.accepted.get()).isGreaterThan(100));
      StorageMaintenance.Report report = Await.result(new StorageMaintenance(pool, DEFAULT_RETENTION).run(Instant.now()));
      long acceptedAtDrop = load.accepted.get();
      within(Duration.ofSeconds(20), () -> assertThat(load.accepted.get()).isGreaterThan(acceptedAtDrop + 100));

      assertThat(report.dropped()).containsExactly(old.name());
      assertThat(tableExists(old.name())).isFalse();
    } finally {
      load.stop();
    }
    assertThat(load.failures).isEmpty();
    long accepted = load.accepted.get();
    within(Duration.ofSeconds(30), () -> assertThat(platform.rows()).isEqualTo(rowsBefore - 2000 + accepted));
    assertThat(platform.database.count("SELECT count(*) FROM anomalies WHERE stream_id LIKE 'old-%'")).isZero();
  }

  @Test
  @DisplayName("released alerts past RETENTION_ALERTS_DAYS are deleted in batches; engaged and recent ones kept")
  void alertsRetention() {
    String insert = "INSERT INTO alerts (detector, alert_key, first_seen, last_seen, packet_count, max_score, severity,"
        + " state, quiet_ms) SELECT 'port_scan', 'k' || g || '-%s', now() - interval '%s', now() - interval '%s', 1,"
        + " 0.5, 'medium', '%s', 60000 FROM generate_series(1, %d) g";
    platform.database.execute(String.format(insert, "old", "200 days", "100 days", "released", 2_500));
    platform.database.execute(String.format(insert, "recent", "20 days", "10 days", "released", 3));
    platform.database.execute(String.format(insert, "engaged", "200 days", "100 days", "engaged", 2));

    StorageMaintenance.Report report = Await.result(new StorageMaintenance(pool, DEFAULT_RETENTION).run(Instant.now()));

    assertThat(report.alertsDeleted()).isEqualTo(2_500);
    assertThat(platform.database.count("SELECT count(*) FROM alerts WHERE alert_key LIKE '%-old'")).isZero();
    assertThat(platform.database.count("SELECT count(*) FROM alerts WHERE alert_key LIKE '%-recent'")).isEqualTo(3);
    assertThat(platform.database.count("SELECT count(*) FROM alerts WHERE alert_key LIKE '%-engaged'")).isEqualTo(2);
  }

  @Test
  @DisplayName("V5 keeps the rows of the unpartitioned table (old ones in daily partitions), ids continue, paging works; V6 rolls them up")
  void migrationKeepsRows() {
    try (TestDatastores.TestDatabase db = TestDatastores.createDatabase()) {
      PgConfigFlyway.migrate(db.url(), "4");
      db.execute("INSERT INTO anomalies (stream_id, src_ip, dst_ip, protocol, src_port, dst_port, payload_len, ttl,"
          + " tcp_flags, pkt_rate, entropy, score, severity, reasons, received_at)"
          + " SELECT 'm-' || g, ('10.0.0.' || (g % 5))::inet, '10.0.1.1', 'TCP', g, 443, g, CASE WHEN g % 3 = 0 THEN NULL ELSE 64 END,"
          + " 2, g, 1.5, 0.25, 'medium', '{syn_only}', now() - g * interval '97 minutes' FROM generate_series(1, 300) g");
      db.execute("SELECT nextval('anomalies_id_seq')"); // a gap, as a rolled-back insert leaves
      // The columns V4 had: later migrations add columns (V8: captured_at, sensor), which must not change these.
      String checksum = "SELECT md5(string_agg(row(id, stream_id, src_ip, dst_ip, protocol, src_port, dst_port,"
          + " payload_len, ttl, tcp_flags, pkt_rate, entropy, score, severity, reasons, received_at, created_at)::text,"
          + " '|' ORDER BY id)) FROM anomalies a";
      String before = db.text(checksum);
      long lastId = db.count("SELECT last_value FROM anomalies_id_seq");

      PgConfigFlyway.migrate(db.url(), null);

      assertThat(db.text(checksum)).isEqualTo(before);
      assertThat(db.count("SELECT count(*) FROM anomalies_default")).isZero();
      assertThat(db.count("SELECT count(*) FROM pg_class WHERE relname ~ '^anomalies_p[0-9]{8}$'")).isPositive();
      assertThat(db.count("SELECT count(*) FROM pg_class WHERE relname ~ '^anomalies_p[0-9]{10}$'")).isPositive();
      // V6 summarised the kept rows into the minute rollups.
      assertThat(db.text(RollupTest.ROLLUP_BY_SEVERITY)).isEqualTo(db.text(RollupTest.RAW_BY_SEVERITY)).isNotEmpty();
      assertThat(db.text(RollupTest.ROLLUP_BY_SOURCE)).isEqualTo(db.text(RollupTest.RAW_BY_SOURCE)).isNotEmpty();
      db.execute("INSERT INTO anomalies (stream_id, src_ip, dst_ip, protocol, src_port, dst_port, payload_len, ttl,"
          + " tcp_flags, pkt_rate, entropy, score, severity, received_at) VALUES ('m-new', '10.0.0.1', '10.0.1.1',"
          + " 'TCP', 1, 443, 0, 64, 2, 0, 0, 0, 'low', now())");
      assertThat(db.count("SELECT id FROM anomalies WHERE stream_id = 'm-new'")).isEqualTo(lastId + 1);

      Pool migrated = pool(db.url());
      try {
        AnomalyRepository repository = new AnomalyRepository(migrated);
        List<Long> ids = new ArrayList<>();
        Long beforeId = null;
        do {
          List<JsonObject> page = Await.result(repository.find(new AnomalyQuery(List.of("medium"), null, null, null,
              beforeId, 70)));
          page.forEach(row -> ids.add(row.getLong("id")));
          beforeId = page.size() == 70 ? page.get(page.size() - 1).getLong("id") : null;
        } while (beforeId != null);
        assertThat(ids).hasSize(300).isSortedAccordingTo(java.util.Comparator.reverseOrder()).doesNotHaveDuplicates();
      } finally {
        Await.result(migrated.close());
      }
    }
  }

  /** Flyway on a test database, up to a version (null: all). */
  static final class PgConfigFlyway {
    static void migrate(String url, String target) {
      var options = io.vertx.pgclient.PgConnectOptions.fromUri(url);
      var config = Flyway.configure().dataSource(PgConfig.jdbcUrl(options), options.getUser(), options.getPassword())
          .locations("classpath:db/migration");
      if (target != null) config.target(target);
      config.load().migrate();
    }
  }
}
