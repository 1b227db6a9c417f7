package io.netwatch.sensors;

import io.netwatch.alerts.SuppressionRule;
import io.netwatch.detection.AlertHit;
import io.netwatch.model.Severity;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("SilentSensors: which sensors engage or refresh a sensor_silent alert")
class SilentSensorsTest {
  static final long NOW = 10_000_000_000L;

  static SensorRepository.Activity seen(String name, Long agoMillis, Integer silentAfter, boolean engaged) {
    return new SensorRepository.Activity(name, agoMillis == null ? null : NOW - agoMillis, silentAfter, engaged);
  }

  static List<String> silent(List<SensorRepository.Activity> sensors, Map<String, Long> local,
      List<SuppressionRule> rules) {
    return SilentSensors.hits(sensors, local, 120, rules, 750, NOW).stream().map(AlertHit::key).toList();
  }

  @Test
  @DisplayName("silent after its own or the global threshold; never-seen sensors and long-retired ones are not")
  void thresholds() {
    List<SensorRepository.Activity> sensors = List.of(
        seen("b-quiet", 121_000L, null, false),
        seen("a-busy", 1_000L, null, false),
        seen("own-threshold", 31_000L, 30, false),
        seen("never", null, null, false),
        seen("retired", 5 * 3_600_000L, null, false),
        seen("retired-but-engaged", 5 * 3_600_000L, null, true));
    assertThat(silent(sensors, Map.of(), List.of())).containsExactly("b-quiet", "own-threshold", "retired-but-engaged");
  }

  @Test
  @DisplayName("this node's fresher last seen wins over the table's; a matching suppression engages nothing")
  void localAndSuppressed() {
    List<SensorRepository.Activity> sensors = List.of(seen("edge", 200_000L, null, false));
    assertThat(silent(sensors, Map.of("edge", NOW - 5_000), List.of())).isEmpty();
    assertThat(silent(sensors, Map.of(), List.of(SuppressionRule.parse(1, "sensor_silent", null, null, null, null))))
        .isEmpty();
    assertThat(silent(sensors, Map.of(), List.of(SuppressionRule.parse(2, "port_scan", null, null, null, null))))
        .containsExactly("edge");
    AlertHit hit = SilentSensors.hits(sensors, Map.of(), 120, List.of(), 750, NOW).get(0);
    assertThat(hit.detector()).isEqualTo("sensor_silent");
    assertThat(hit.firstSeenMillis()).isEqualTo(NOW - 200_000);
    assertThat(hit.lastSeenMillis()).isEqualTo(NOW);
    assertThat(hit.severity()).isEqualTo(Severity.HIGH);
    assertThat(hit.quietMs()).isEqualTo(750);
  }
}
