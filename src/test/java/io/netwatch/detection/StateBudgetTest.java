package io.netwatch.detection;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("State budget: the memcap shared between detectors and their windows, and the promotion levels")
class StateBudgetTest {
  @Test
  @DisplayName("256 MB over 4 detectors x 4 windows: 16 MB a slot, a quarter of it the sketch, admission at 70 %")
  void defaults() {
    StateBudget budget = StateBudget.of(256L << 20, 4);
    long slot = 16L << 20;
    assertThat(budget.sketchWidth() * 4 * StateBudget.SKETCH_DEPTH).isEqualTo(slot / 4);
    assertThat(budget.maxBytes()).isEqualTo(slot - slot / 4);
    assertThat(budget.admitBytes()).isLessThan(budget.promoteBytes()).isLessThan(budget.maxBytes());
    assertThat(StateBudget.RING * 4 * (budget.maxBytes() + budget.sketchWidth() * 4 * StateBudget.SKETCH_DEPTH))
        .isLessThanOrEqualTo(256L << 20);
  }

  @Test
  @DisplayName("fewer detectors enabled: each gets a larger share")
  void sharedByEnabled() {
    assertThat(StateBudget.of(256L << 20, 2).maxBytes()).isEqualTo(2 * StateBudget.of(256L << 20, 4).maxBytes());
  }

  @Test
  @DisplayName("promotion at an eighth of the threshold, at least 2: a scan of 15 ports loses at most 1 to the sketch")
  void promoteAt() {
    assertThat(StateBudget.promoteAt(DetectionRules.defaults().rule(Detector.PORT_SCAN))).isEqualTo(2);
    assertThat(StateBudget.promoteAt(DetectionRules.defaults().rule(Detector.HOST_SWEEP))).isEqualTo(4);
    assertThat(StateBudget.promoteAt(DetectionRules.defaults().rule(Detector.SYN_FLOOD))).isEqualTo(1920);
  }
}
