package io.netwatch.detection;

import io.netwatch.model.Severity;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Detection rules: the peers' defaults, every number configurable, errors that name the setting")
class DetectionRulesTest {

  @Test
  @DisplayName("defaults: ntopng's packet and SYN flood thresholds, Zeek's scan thresholds")
  void defaults() {
    DetectionRules rules = DetectionRules.defaults();
    assertThat(rules.rule(Detector.SOURCE_FLOOD)).isEqualTo(
        new DetectionRules.Rule(Detector.SOURCE_FLOOD, true, 60_000, 10_000, 120_000, Severity.MEDIUM));
    assertThat(rules.rule(Detector.SYN_FLOOD)).isEqualTo(
        new DetectionRules.Rule(Detector.SYN_FLOOD, true, 60_000, 15_360, 120_000, Severity.HIGH));
    assertThat(rules.rule(Detector.PORT_SCAN)).isEqualTo(
        new DetectionRules.Rule(Detector.PORT_SCAN, true, 300_000, 15, 600_000, Severity.HIGH));
    assertThat(rules.rule(Detector.HOST_SWEEP)).isEqualTo(
        new DetectionRules.Rule(Detector.HOST_SWEEP, true, 300_000, 25, 600_000, Severity.HIGH));
    assertThat(rules.packetAlerts()).isEqualTo(new DetectionRules.PacketAlerts(true, Severity.HIGH, 60_000));
    assertThat(rules.keyPrefix()).isNull();
    assertThat(rules.keyPrefixFor("anomaly:raw")).isEqualTo("det:anomaly:raw:");
  }

  @Test
  @DisplayName("a counter engages above its threshold, a distinct count at it")
  void thresholds() {
    DetectionRules rules = DetectionRules.defaults();
    assertThat(rules.rule(Detector.SOURCE_FLOOD).over(10_000, 0)).isFalse();
    assertThat(rules.rule(Detector.SOURCE_FLOOD).over(10_001, 0)).isTrue();
    assertThat(rules.rule(Detector.PORT_SCAN).over(1_000, 14)).isFalse();
    assertThat(rules.rule(Detector.PORT_SCAN).over(15, 15)).isTrue();
    assertThat(rules.rule(Detector.HOST_SWEEP).distinctCap()).isEqualTo(50);
  }

  @Test
  @DisplayName("every number, switch and severity can be changed; the quiet period follows the window")
  void overrides() {
    DetectionRules rules = DetectionRules.fromConfig(Map.of(
        "detectors", Map.of("port_scan", Map.of("window_seconds", 10, "threshold", 5, "severity", "critical"),
            "syn_flood", Map.of("enabled", false)),
        "packet_alerts", Map.of("min_severity", "critical", "quiet_seconds", 5),
        "release_check_ms", 200, "key_prefix", "det:test:"));
    assertThat(rules.rule(Detector.PORT_SCAN)).isEqualTo(
        new DetectionRules.Rule(Detector.PORT_SCAN, true, 10_000, 5, 20_000, Severity.CRITICAL));
    assertThat(rules.rule(Detector.SYN_FLOOD).enabled()).isFalse();
    assertThat(rules.packetAlerts()).isEqualTo(new DetectionRules.PacketAlerts(true, Severity.CRITICAL, 5_000));
    assertThat(rules.releaseCheckMs()).isEqualTo(200);
    assertThat(rules.keyPrefixFor("anomaly:raw")).isEqualTo("det:test:");
  }

  @Test
  @DisplayName("a wrong value is refused with the setting's full name")
  void errorsNameTheSetting() {
    assertThatThrownBy(() -> DetectionRules.fromConfig(Map.of("detectors", Map.of("port_scan",
        Map.of("threshold", 0))))).hasMessageContaining("detection.detectors.port_scan.threshold");
    assertThatThrownBy(() -> DetectionRules.fromConfig(Map.of("detectors", Map.of("port_scan",
        Map.of("window_seconds", "60"))))).hasMessageContaining("detection.detectors.port_scan.window_seconds");
    assertThatThrownBy(() -> DetectionRules.fromConfig(Map.of("detectors", Map.of("ping_flood", Map.of()))))
        .hasMessageContaining("detection.detectors.ping_flood");
    assertThatThrownBy(() -> DetectionRules.fromConfig(Map.of("packet_alerts", Map.of("min_severity", "urgent"))))
        .hasMessageContaining("detection.packet_alerts.min_severity");
    assertThatThrownBy(() -> DetectionRules.fromConfig(Map.of("detectors", Map.of("syn_flood",
        Map.of("enabled", "yes"))))).hasMessageContaining("detection.detectors.syn_flood.enabled");
  }
}
