package io.netwatch.scoring;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("ScoringRules: defaults and overrides from config")
class ScoringRulesTest {
  @Test
  @DisplayName("defaults are the design's table")
  void defaults() {
    ScoringRules rules = ScoringRules.defaults();
    assertThat(rules.weight(Signal.SUSPICIOUS_PORT)).isEqualByComparingTo("0.30");
    assertThat(rules.weight(Signal.SYN_ONLY)).isEqualByComparingTo("0.25");
    assertThat(rules.weight(Signal.HIGH_ENTROPY)).isEqualByComparingTo("0.20");
    assertThat(rules.weight(Signal.HIGH_RATE)).isEqualByComparingTo("0.20");
    assertThat(rules.weight(Signal.ABNORMAL_TTL)).isEqualByComparingTo("0.15");
    assertThat(rules.weight(Signal.OVERSIZED_PAYLOAD)).isEqualByComparingTo("0.10");
    assertThat(rules.suspiciousPorts()).contains(4444, 6667, 1337, 31337, 12345, 27374);
    assertThat(rules.entropyThreshold()).isEqualTo(7.5);
    assertThat(rules.rateThreshold()).isEqualTo(10_000);
    assertThat(rules.oversizedPayloadAbove()).isEqualTo(65_000);
  }

  @Test
  @DisplayName("weights, ports and thresholds can be overridden; the rest keep their defaults")
  void overrides() {
    ScoringRules rules = ScoringRules.fromConfig(Map.of(
        "weights", Map.of("suspicious_port", 0.5),
        "suspicious_ports", List.of(22, 23),
        "rate_threshold", 500,
        "entropy_threshold", 6.5));
    assertThat(rules.weight(Signal.SUSPICIOUS_PORT)).isEqualTo(new BigDecimal("0.5"));
    assertThat(rules.weight(Signal.SYN_ONLY)).isEqualByComparingTo("0.25");
    assertThat(rules.suspiciousPorts()).containsExactlyInAnyOrder(22, 23);
    assertThat(rules.rateThreshold()).isEqualTo(500);
    assertThat(rules.entropyThreshold()).isEqualTo(6.5);
    assertThat(ScoringRules.fromConfig(null)).isEqualTo(ScoringRules.defaults());
  }

  @Test
  @DisplayName("bad config is refused with a message naming the key")
  void badConfig() {
    assertThatThrownBy(() -> ScoringRules.fromConfig(Map.of("weights", Map.of("nope", 0.1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    assertThatThrownBy(() -> ScoringRules.fromConfig(Map.of("weights", Map.of("syn_only", -0.1))))
        .hasMessageContaining("syn_only");
    assertThatThrownBy(() -> ScoringRules.fromConfig(Map.of("weights", Map.of("syn_only", "high"))))
        .hasMessageContaining("syn_only");
    assertThatThrownBy(() -> ScoringRules.fromConfig(Map.of("weights", List.of())))
        .hasMessageContaining("weights");
    for (Object port : List.of(70_000, -1, 1.5, "22")) {
      assertThatThrownBy(() -> ScoringRules.fromConfig(Map.of("suspicious_ports", List.of(port))))
          .as("port %s", port).hasMessageContaining("suspicious_ports");
    }
    assertThatThrownBy(() -> ScoringRules.fromConfig(Map.of("suspicious_ports", 4444)))
        .hasMessageContaining("suspicious_ports");
    assertThatThrownBy(() -> ScoringRules.fromConfig(Map.of("rate_threshold", "fast")))
        .hasMessageContaining("rate_threshold");
  }
}
