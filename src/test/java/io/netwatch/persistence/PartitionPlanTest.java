package io.netwatch.persistence;

import io.netwatch.persistence.PartitionPlan.Range;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("PartitionPlan: hourly partitions ahead, whole partitions past the cutoff")
class PartitionPlanTest {
  static final Instant NOW = Instant.parse("2026-11-26T14:37:12.345Z");

  @Test
  @DisplayName("the current UTC hour and the next six, named anomalies_pYYYYMMDDHH")
  void hoursAhead() {
    List<Range> missing = PartitionPlan.missingHours(List.of(), NOW);
    assertThat(missing).hasSize(PartitionPlan.HOURS_AHEAD + 1);
    assertThat(missing.get(0)).isEqualTo(new Range("anomalies_p2026112614", Instant.parse("2026-11-26T14:00:00Z"),
        Instant.parse("2026-11-26T15:00:00Z")));
    assertThat(missing.get(6).name()).isEqualTo("anomalies_p2026112620");
  }

  @Test
  @DisplayName("an hour covered by any existing partition (a daily one too) is not created again")
  void coveredHoursSkipped() {
    Range day = new Range("anomalies_p20261126", Instant.parse("2026-11-26T00:00:00Z"),
        Instant.parse("2026-11-26T16:00:00Z"));
    Range later = PartitionPlan.hour(Instant.parse("2026-11-26T18:00:00Z"));
    assertThat(PartitionPlan.missingHours(List.of(day, later), NOW)).extracting(Range::name)
        .containsExactly("anomalies_p2026112616", "anomalies_p2026112617", "anomalies_p2026112619",
            "anomalies_p2026112620");
  }

  @Test
  @DisplayName("only partitions wholly older than the cutoff expire, oldest first")
  void expired() {
    Instant cutoff = NOW.minus(Duration.ofHours(72));
    Range whollyOlder = PartitionPlan.hour(Instant.parse("2026-11-23T13:00:00Z"));
    Range endsAtCutoffHour = PartitionPlan.hour(Instant.parse("2026-11-23T14:00:00Z"));
    Range oldDay = new Range("anomalies_p20261101", Instant.parse("2026-11-01T00:00:00Z"),
        Instant.parse("2026-11-02T00:00:00Z"));
    assertThat(PartitionPlan.expired(List.of(endsAtCutoffHour, whollyOlder, oldDay), cutoff))
        .containsExactly(oldDay, whollyOlder);
  }

  @Test
  @DisplayName("bounds are written as ISO-8601 UTC literals")
  void literal() {
    assertThat(PartitionPlan.literal(Instant.parse("2026-11-26T14:00:00Z"))).isEqualTo("'2026-11-26T14:00:00Z'");
  }
}
