package io.netwatch.persistence;

import io.netwatch.testing.Await;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.netwatch.testing.SensorLoad;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/** The current hour's partition goes missing under load: rows wait in the default partition, then move out. */
@DisplayName("Partition gap: rows of an hour without partition go to the default one, and move once it is created")
class PartitionGapTest {
  @Platform(deployed = true)
  static PlatformUnderTest platform;

  @Test
  @DisplayName("created under load (no insert slips into the default partition meanwhile): no request fails, rows = accepted")
  void partitionCreatedUnderLoad() {
    String current = PartitionPlan.hour(Instant.now().truncatedTo(ChronoUnit.HOURS)).name();
    platform.database.execute("DROP TABLE " + current);
    SensorLoad load = new SensorLoad(platform, 4, sensor -> "{\"src_ip\":\"10.9.0." + sensor
        + "\",\"dst_ip\":\"10.0.0.1\",\"protocol\":\"UDP\",\"dst_port\":53}");
    Pool pool = PartitionedStorageTest.pool(platform.vertx, platform.database.url());
    try {
      within(Duration.ofSeconds(20), () ->
          assertThat(platform.database.count("SELECT count(*) FROM anomalies_default")).isGreaterThan(50));
      List<String> created = Await.result(new StorageMaintenance(pool, PartitionedStorageTest.DEFAULT_RETENTION)
          .createAhead(Instant.now()));
      long acceptedAtCreation = load.accepted.get();
      within(Duration.ofSeconds(20), () -> assertThat(load.accepted.get()).isGreaterThan(acceptedAtCreation + 100));

      assertThat(created).contains(current);
    } finally {
      load.stop();
      Await.result(pool.close());
    }
    assertThat(load.failures).isEmpty();
    long accepted = load.accepted.get();
    within(Duration.ofSeconds(30), () -> assertThat(platform.rows()).isEqualTo(accepted));
    assertThat(platform.database.count("SELECT count(*) FROM anomalies_default")).isZero();
    assertThat(platform.database.text(RollupTest.ROLLUP_BY_SEVERITY))
        .isEqualTo(platform.database.text(RollupTest.RAW_BY_SEVERITY));
  }
}
