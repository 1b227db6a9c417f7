package io.netwatch.persistence;

import io.netwatch.config.Settings;
import io.netwatch.model.Severity;
import io.netwatch.testing.Await;
import io.netwatch.testing.CountedMeters;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * STORE_MIN_SEVERITY=medium on real PostgreSQL: low packets are only counted in the rollups (guarded against
 * replay by rollup_only_keys), medium and above are rows; accepted = stored + rolled-up-only + dead-lettered.
 */
@DisplayName("STORE_MIN_SEVERITY=medium: low packets only rolled up, counted once under replay, accounting exact")
class StoreMinSeverityTest {
  /** Scored 0 (low): UDP to port 53, nothing suspicious. */
  static final String LOW_PACKET = "{\"src_ip\":\"10.60.0.1\",\"dst_ip\":\"10.0.0.1\",\"protocol\":\"UDP\","
      + "\"src_port\":5353,\"dst_port\":53,\"payload_len\":20,\"ttl\":64,\"tcp_flags\":0,\"pkt_rate\":10}";
  /** Scored medium (0.30): a suspicious port, nothing else. */
  static final String MEDIUM_PACKET = "{\"src_ip\":\"10.60.0.3\",\"dst_ip\":\"10.0.0.1\",\"protocol\":\"TCP\","
      + "\"src_port\":40000,\"dst_port\":4444,\"payload_len\":20,\"ttl\":64,\"tcp_flags\":16,\"pkt_rate\":10}";
  /** Scored critical: the seed packet (suspicious port, SYN only, high rate). */
  static final String CRITICAL_PACKET = "{\"src_ip\":\"10.60.0.2\",\"dst_ip\":\"192.168.1.10\",\"protocol\":\"TCP\","
      + "\"src_port\":51234,\"dst_port\":4444,\"payload_len\":512,\"ttl\":64,\"tcp_flags\":2,"
      + "\"payload_hex\":\"deadbeef\",\"pkt_rate\":15000}";
  static final String GUARD = "rollup_only_keys";

  @Platform
  static PlatformUnderTest platform;

  @BeforeAll
  static void deploy() {
    CountedMeters.capture();
    platform.deploy(platform.config().put(Settings.STORE_MIN_SEVERITY, "medium"));
  }

  @AfterAll
  static void removeMeters() {
    CountedMeters.release();
  }

  static double counted(String meter) {
    return CountedMeters.count(meter);
  }

  static long rollupPackets(String where) {
    return platform.database.count("SELECT coalesce(sum(packets), 0) FROM rollup_severity_minute" + where);
  }

  static boolean tableExists(String name) {
    return platform.database.count("SELECT count(*) FROM pg_class WHERE relname = ?", name) == 1;
  }

  static JsonObject store(JsonObject... anomalies) {
    JsonObject message = new JsonObject().put("anomalies", new JsonArray(java.util.List.of((Object[]) anomalies)));
    return Await.result(platform.vertx.eventBus().<JsonObject>request("anomaly.store", message)).body();
  }

  @Test
  @DisplayName("through ingest: low packets are no rows, medium and critical ones are; rollups count every packet; meters add up")
  void lowPacketsOnlyRolledUp() {
    double rowsBefore = counted("netwatch.persistence.rows");
    double rolledUpBefore = counted("netwatch.persistence.rolled_up_only");
    double deadBefore = counted("netwatch.stream.dead_lettered");
    double acceptedBefore = counted("netwatch.ingest.packets");
    long rollupsBefore = rollupPackets("");
    long rowsInTableBefore = platform.rows();
    long guardBefore = platform.database.count("SELECT count(*) FROM " + GUARD);

    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < 50; i++) {
      body.append(i == 0 ? "" : ",").append(i % 5 < 3 ? LOW_PACKET : i % 5 == 3 ? MEDIUM_PACKET : CRITICAL_PACKET);
    }
    assertThat(platform.ingest(body.append("]").toString()).statusCode()).isEqualTo(200);
    within(Duration.ofSeconds(20), () -> assertThat(platform.allAcknowledged()).isTrue());

    assertThat(platform.rows() - rowsInTableBefore).isEqualTo(20);
    assertThat(platform.database.count("SELECT count(*) FROM anomalies WHERE src_ip = '10.60.0.3' AND severity = 'medium'"))
        .isEqualTo(10);
    assertThat(platform.database.count("SELECT count(*) FROM anomalies WHERE src_ip = '10.60.0.2' AND severity = 'critical'"))
        .isEqualTo(10);
    assertThat(platform.database.count("SELECT count(*) FROM anomalies WHERE severity = 'low'")).isZero();
    assertThat(platform.database.count("SELECT count(*) FROM " + GUARD) - guardBefore).isEqualTo(30);
    assertThat(rollupPackets("") - rollupsBefore).isEqualTo(50);
    assertThat(rollupPackets(" WHERE severity = 'low'")).isEqualTo(platform.database.count("SELECT count(*) FROM " + GUARD));
    // Rollups of stored rows are unchanged: what is not low equals the raw rows.
    assertThat(rollupPackets(" WHERE severity <> 'low'")).isEqualTo(platform.rows());

    double stored = counted("netwatch.persistence.rows") - rowsBefore;
    double rolledUp = counted("netwatch.persistence.rolled_up_only") - rolledUpBefore;
    double dead = counted("netwatch.stream.dead_lettered") - deadBefore;
    assertThat(counted("netwatch.ingest.packets") - acceptedBefore).isEqualTo(50.0).isEqualTo(stored + rolledUp + dead);
    assertThat(stored).isEqualTo(20.0);
    assertThat(rolledUp).isEqualTo(30.0);
  }

  @Test
  @DisplayName("the same anomaly.store sent twice (a replay) counts once in rollups and guard; replies add up")
  void replayCountsOnce() {
    // Ten minutes into the next hour: never the minutes replayAcrossHourBoundary counts (the two around the hour).
    Instant minute = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofMinutes(70));
    JsonObject[] batch = {
        RollupTest.anomaly("sm-1", minute, "10.61.0.1", 0.1, "low"),
        RollupTest.anomaly("sm-2", minute.plusMillis(1), "10.61.0.1", 0.0, "low"),
        RollupTest.anomaly("sm-3", minute.plusMillis(2), "10.61.0.2", 0.3, "medium"),
        RollupTest.anomaly("sm-4", minute.plusMillis(3), "10.61.0.2", 0.9, "critical")};
    String where = " WHERE minute = '" + minute + "'";

    JsonObject first = store(batch);
    assertThat(first.getInteger("stored")).isEqualTo(2);
    assertThat(first.getLong("rolled_up_only")).isEqualTo(2);
    String rollups = platform.database.text(RollupTest.ROLLUP_BY_SEVERITY) + platform.database.text(RollupTest.ROLLUP_BY_SOURCE);

    JsonObject replay = store(batch[3], batch[1], batch[0], batch[2]);
    assertThat(replay.getInteger("stored")).isZero();
    assertThat(replay.getLong("rolled_up_only")).isZero();

    assertThat(platform.database.text(RollupTest.ROLLUP_BY_SEVERITY) + platform.database.text(RollupTest.ROLLUP_BY_SOURCE))
        .isEqualTo(rollups);
    assertThat(rollupPackets(where)).isEqualTo(4);
    assertThat(rollupPackets(where + " AND severity = 'low'")).isEqualTo(2);
    assertThat(platform.database.count("SELECT count(*) FROM " + GUARD + " WHERE stream_id LIKE 'sm-%'")).isEqualTo(2);
    assertThat(platform.database.count("SELECT count(*) FROM anomalies WHERE stream_id LIKE 'sm-%'")).isEqualTo(2);
    // A low packet with a score above 0 is a top talker in the rollups, as a stored row would be.
    assertThat(platform.database.count("SELECT coalesce(sum(anomalies), 0) FROM rollup_source_hour"
        + " WHERE src_ip = '10.61.0.1'")).isEqualTo(1);
  }

  @Test
  @DisplayName("a replay across an hour boundary counts once; the guard rows sit in the two hours' partitions")
  void replayAcrossHourBoundary() {
    Instant boundary = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
    JsonObject before = RollupTest.anomaly("sb-1", boundary.minusMillis(1), "10.62.0.1", 0.1, "low");
    JsonObject after = RollupTest.anomaly("sb-2", boundary, "10.62.0.1", 0.1, "low");
    String around = " WHERE minute >= '" + boundary.minus(Duration.ofMinutes(1)) + "' AND minute <= '" + boundary + "'";
    long rollupsBefore = rollupPackets(around);

    assertThat(store(before, after).getLong("rolled_up_only")).isEqualTo(2);
    assertThat(store(after, before).getLong("rolled_up_only")).isZero();
    assertThat(store(after).getLong("rolled_up_only")).isZero();

    assertThat(rollupPackets(around) - rollupsBefore).isEqualTo(2);
    assertThat(platform.database.text("SELECT tableoid::regclass::text FROM " + GUARD + " WHERE stream_id = 'sb-1'"))
        .isEqualTo(PartitionPlan.hour(GUARD, boundary.minus(Duration.ofHours(1))).name());
    assertThat(platform.database.text("SELECT tableoid::regclass::text FROM " + GUARD + " WHERE stream_id = 'sb-2'"))
        .isEqualTo(PartitionPlan.hour(GUARD, boundary).name());
    assertThat(platform.database.count("SELECT count(*) FROM anomalies WHERE stream_id LIKE 'sb-%'")).isZero();
  }

  @Test
  @DisplayName("the guard's partitions are created ahead, and dropped past RETENTION_RAW_HOURS with anomalies'")
  void guardPartitionsAheadAndRetained() {
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    for (int i = 0; i < PartitionPlan.HOURS_AHEAD; i++) {
      String name = PartitionPlan.hour(GUARD, hour.plus(Duration.ofHours(i))).name();
      assertThat(tableExists(name)).as(name).isTrue();
    }
    PartitionPlan.Range old = PartitionPlan.hour(GUARD, hour.minus(Duration.ofHours(100)));
    platform.database.execute("CREATE TABLE " + old.name() + " PARTITION OF " + GUARD + " FOR VALUES FROM ("
        + PartitionPlan.literal(old.from()) + ") TO (" + PartitionPlan.literal(old.to()) + ")");
    platform.database.execute("INSERT INTO " + GUARD + " SELECT 'old-' || g, " + PartitionPlan.literal(old.from())
        + "::timestamptz + g * interval '1 second' FROM generate_series(1, 500) g");
    // No partition for 200 hours ago: this one lands in the default partition, and is deleted past retention too.
    platform.database.execute("INSERT INTO " + GUARD + " VALUES ('older', now() - interval '200 hours')");
    assertThat(platform.database.count("SELECT count(*) FROM " + GUARD + "_default")).isEqualTo(1);

    var pool = PartitionedStorageTest.pool(platform.vertx, platform.database.url());
    try {
      StorageMaintenance.Report report = Await.result(new StorageMaintenance(pool,
          PartitionedStorageTest.DEFAULT_RETENTION).run(Instant.now()));
      assertThat(report.dropped()).contains(old.name());
      assertThat(report.defaultRowsDeleted()).isEqualTo(1);
    } finally {
      Await.result(pool.close());
    }
    assertThat(tableExists(old.name())).isFalse();
    assertThat(platform.database.count("SELECT count(*) FROM " + GUARD + " WHERE stream_id LIKE 'old%'")).isZero();
  }

  @Test
  @DisplayName("STORE_MIN_SEVERITY=urgent fails start naming the variable; the four severities in any case are taken")
  void badValueFailsStart() {
    Map<String, Object> config = Settings.withEnvironment(Map.of(Settings.DATABASE_URL, platform.database.url()),
        Map.of("STORE_MIN_SEVERITY", "urgent"));
    assertThatThrownBy(() -> Await.result(platform.vertx.deployVerticle(new PersistenceVerticle(),
        new DeploymentOptions().setConfig(new JsonObject(config)))))
        .hasMessageContaining("STORE_MIN_SEVERITY").hasMessageContaining("urgent");
    assertThat(AnomalyRepository.storeMinSeverity("Medium")).isEqualTo(Severity.MEDIUM);
    assertThat(AnomalyRepository.storeMinSeverity(" critical ")).isEqualTo(Severity.CRITICAL);
    assertThat(AnomalyRepository.storeMinSeverity(new Settings(Map.of()).string(Settings.STORE_MIN_SEVERITY)))
        .isEqualTo(Severity.LOW);
  }
}
