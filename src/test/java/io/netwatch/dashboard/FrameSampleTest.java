package io.netwatch.dashboard;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameSampleTest {
  static final int LOW = 0;
  static final int MEDIUM = 1;
  static final int HIGH = 2;
  static final int CRITICAL = 3;

  @Test
  @DisplayName("counts are exact whatever the rate; the sample is bounded and says how many it left out")
  void exactCountsBoundedSample() {
    FrameSample<String> sample = new FrameSample<>(4, 5);
    for (int i = 0; i < 10_000; i++) sample.add(LOW, "low-" + i);
    for (int i = 0; i < 3; i++) sample.add(HIGH, "high-" + i);
    FrameSample.Frame<String> frame = sample.drain();
    assertThat(frame.counts()).containsExactly(10_000, 0, 3, 0);
    assertThat(frame.rows()).hasSize(5);
    assertThat(frame.skipped()).isEqualTo(10_003 - 5);
    assertThat(frame.total()).isEqualTo(10_003);
  }

  @Test
  @DisplayName("the most severe rows are picked first, then the newest; shown newest first")
  void severeThenNewest() {
    FrameSample<String> sample = new FrameSample<>(4, 4);
    sample.add(CRITICAL, "c1");
    sample.add(LOW, "l1");
    sample.add(MEDIUM, "m1");
    sample.add(LOW, "l2");
    sample.add(CRITICAL, "c2");
    sample.add(LOW, "l3");
    assertThat(sample.drain().rows()).containsExactly("l3", "c2", "m1", "c1");
  }

  @Test
  @DisplayName("a drained sample starts afresh: nothing is counted or shown twice")
  void drainResets() {
    FrameSample<String> sample = new FrameSample<>(4, 3);
    sample.add(MEDIUM, "m1");
    assertThat(sample.isEmpty()).isFalse();
    assertThat(sample.drain().rows()).containsExactly("m1");
    assertThat(sample.isEmpty()).isTrue();
    FrameSample.Frame<String> empty = sample.drain();
    assertThat(empty.rows()).isEmpty();
    assertThat(empty.counts()).containsOnly(0);
    assertThat(empty.skipped()).isZero();
  }

  @Test
  @DisplayName("unknown severities are ignored; a sample size below 1 is refused")
  void bounds() {
    FrameSample<String> sample = new FrameSample<>(4, 3);
    sample.add(-1, "x");
    sample.add(4, "y");
    assertThat(sample.isEmpty()).isTrue();
    assertThatThrownBy(() -> new FrameSample<String>(4, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
