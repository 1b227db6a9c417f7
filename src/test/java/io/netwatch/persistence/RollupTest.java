package io.netwatch.persistence;

import io.netwatch.testing.Await;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.netwatch.testing.SensorLoad;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/** Minute rollups are written with each batch: they equal the raw rows, under load, replay and failure. */
@DisplayName("Rollups: written with each batch, equal to the raw counts, never counted twice")
class RollupTest {
  static final String RAW_BY_SEVERITY = "SELECT coalesce(string_agg(format('%s|%s|%s|%s', m, severity, n, mx), ','"
      + " ORDER BY m, severity), '') FROM (SELECT date_trunc('minute', received_at) m, severity, count(*) n, max(score) mx"
      + " FROM anomalies GROUP BY 1, 2) r";
  static final String ROLLUP_BY_SEVERITY = "SELECT coalesce(string_agg(format('%s|%s|%s|%s', m, severity, n, mx), ','"
      + " ORDER BY m, severity), '') FROM (SELECT minute m, severity, sum(packets) n, max(max_score) mx"
      + " FROM rollup_severity_minute GROUP BY 1, 2) r";
  static final String RAW_BY_SOURCE = "SELECT coalesce(string_agg(format('%s|%s|%s|%s', h, src_ip, n, mx), ','"
      + " ORDER BY h, src_ip), '') FROM (SELECT date_trunc('hour', received_at) h, src_ip, count(*) n, max(score) mx"
      + " FROM anomalies WHERE score > 0 GROUP BY 1, 2) r";
  static final String ROLLUP_BY_SOURCE = "SELECT coalesce(string_agg(format('%s|%s|%s|%s', h, src_ip, n, mx), ','"
      + " ORDER BY h, src_ip), '') FROM (SELECT hour h, src_ip, sum(anomalies) n, max(max_score) mx"
      + " FROM rollup_source_hour GROUP BY 1, 2) r";

  @Platform(deployed = true)
  static PlatformUnderTest platform;

  static void assertRollupsEqualRaw() {
    assertThat(platform.database.text(ROLLUP_BY_SEVERITY)).isEqualTo(platform.database.text(RAW_BY_SEVERITY));
    assertThat(platform.database.text(ROLLUP_BY_SOURCE)).isEqualTo(platform.database.text(RAW_BY_SOURCE));
  }

  static JsonObject anomaly(String streamId, Instant at, String srcIp, double score, String severity) {
    return PartitionedStorageTest.anomaly(streamId, at).put("src_ip", srcIp).put("score", score).put("severity", severity);
  }

  static JsonObject store(JsonObject... anomalies) {
    JsonObject message = new JsonObject().put("anomalies", new JsonArray(java.util.List.of((Object[]) anomalies)));
    return Await.result(platform.vertx.eventBus().<JsonObject>request("anomaly.store", message)
        .map(reply -> reply.body())
        .otherwise(err -> new JsonObject().put("failed", err.getMessage())));
  }

  @Test
  @DisplayName("under concurrent ingest from several sensors, rollups equal the raw rows (minute × severity, hour × source)")
  void rollupsEqualRawUnderLoad() {
    SensorLoad load = new SensorLoad(platform, 6, sensor -> "{\"src_ip\":\"10.7.0." + sensor
        + "\",\"dst_ip\":\"10.0.0.1\",\"protocol\":\"TCP\",\"dst_port\":" + (sensor % 2 == 0 ? 4444 : 443)
        + ",\"tcp_flags\":2,\"pkt_rate\":" + (sensor % 3 == 0 ? 20000 : 10) + "}");
    try {
      within(Duration.ofSeconds(30), () -> assertThat(load.accepted.get()).isGreaterThan(600));
    } finally {
      load.stop();
    }
    assertThat(load.failures).isEmpty();
    within(Duration.ofSeconds(30), () -> assertThat(platform.rows()).isGreaterThanOrEqualTo(load.accepted.get()));
    assertRollupsEqualRaw();
    assertThat(platform.database.count("SELECT sum(packets) FROM rollup_severity_minute")).isEqualTo(platform.rows());
    // STORE_MIN_SEVERITY is low by default: every packet is a row, no rolled-up-only guard is written.
    assertThat(platform.database.count("SELECT count(*) FROM rollup_only_keys")).isZero();
  }

  @Test
  @DisplayName("a replayed batch adds nothing; a batch that fails adds nothing; batches across a minute boundary")
  void replayAndFailure() {
    Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(5));
    JsonObject a = anomaly("ru-1", minute.minusMillis(1), "10.20.0.1", 0.3, "medium");
    JsonObject b = anomaly("ru-2", minute, "10.20.0.1", 0.8, "critical");
    JsonObject c = anomaly("ru-3", minute.plusMillis(1), "10.20.0.2", 0.0, "low");

    JsonObject first = store(a, b, c);
    assertThat(first.getInteger("stored")).isEqualTo(3);
    assertThat(first.getLong("rolled_up_only")).isZero();
    assertRollupsEqualRaw();
    String before = platform.database.text(ROLLUP_BY_SEVERITY) + platform.database.text(ROLLUP_BY_SOURCE);

    assertThat(store(c, b, a).getInteger("stored")).isZero();
    JsonObject bad = anomaly("ru-4", minute, "10.20.0.3", 0.5, "high").put("severity", "bogus");
    assertThat(store(anomaly("ru-5", minute, "10.20.0.3", 0.5, "high"), bad).getString("failed")).isNotNull();

    assertThat(platform.database.text(ROLLUP_BY_SEVERITY) + platform.database.text(ROLLUP_BY_SOURCE)).isEqualTo(before);
    assertThat(platform.database.count("SELECT count(*) FROM anomalies WHERE stream_id IN ('ru-4', 'ru-5')")).isZero();
    assertThat(store(anomaly("ru-5", minute, "10.20.0.3", 0.5, "high")).getInteger("stored")).isEqualTo(1);
    assertRollupsEqualRaw();
  }

  @Test
  @DisplayName("GET /api/v1/stats over a day (rollups) answers what the raw rows say over the last hour")
  void statsFromRollups() {
    Instant now = Instant.now();
    store(anomaly("st-1", now.minusSeconds(5), "10.30.0.1", 0.9, "critical"),
        anomaly("st-2", now.minusSeconds(4), "10.30.0.1", 0.3, "medium"),
        anomaly("st-3", now.minusSeconds(3), "10.30.0.2", 0.6, "high"));

    JsonObject hour = platform.get("/api/v1/stats?minutes=60").bodyAsJsonObject();
    JsonObject day = platform.get("/api/v1/stats?minutes=1440").bodyAsJsonObject();
    JsonObject month = platform.get("/api/v1/stats?minutes=43200").bodyAsJsonObject();

    assertThat(hour.getString("source")).isEqualTo("raw");
    assertThat(day.getString("source")).isEqualTo("rollups");
    for (JsonObject rollups : new JsonObject[] {day, month}) {
      assertThat(rollups.getJsonArray("top_sources")).isEqualTo(hour.getJsonArray("top_sources"));
      assertThat(rollups.getJsonObject("per_severity")).isEqualTo(hour.getJsonObject("per_severity"));
    }
    JsonObject series = month.getJsonObject("series");
    assertThat(series.getInteger("bucket_minutes")).isEqualTo(180);
    long critical = series.getJsonArray("points").stream().mapToLong(p -> ((JsonObject) p).getLong("critical")).sum();
    assertThat(critical).isEqualTo(hour.getJsonObject("per_severity").getLong("critical"));
    assertThat(platform.get("/api/v1/stats?minutes=43201").statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("rollups past RETENTION_ROLLUP_DAYS are deleted, recent ones kept")
  void rollupRetention() {
    platform.database.execute("INSERT INTO rollup_severity_minute (minute, severity, shard, packets, max_score)"
        + " SELECT date_trunc('minute', now()) - g * interval '1 minute' - interval '401 days', 'low', 0, 1, 0"
        + " FROM generate_series(1, 1500) g");
    platform.database.execute("INSERT INTO rollup_source_hour (hour, src_ip, shard, anomalies, max_score)"
        + " VALUES (now() - interval '500 days', '10.40.0.1', 0, 1, 0.5)");
    var pool = PartitionedStorageTest.pool(platform.vertx, platform.database.url());
    try {
      StorageMaintenance.Report report = Await.result(new StorageMaintenance(pool,
          PartitionedStorageTest.DEFAULT_RETENTION).run(Instant.now()));
      assertThat(report.rollupsDeleted()).isEqualTo(1501);
    } finally {
      Await.result(pool.close());
    }
    assertThat(platform.database.count("SELECT count(*) FROM rollup_severity_minute WHERE minute < now() - interval"
        + " '400 days'")).isZero();
    assertRollupsEqualRaw();
  }
}
