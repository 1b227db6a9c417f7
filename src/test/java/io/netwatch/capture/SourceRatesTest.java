package io.netwatch.capture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SourceRatesTest {
  private static final long T0 = 1_700_000_000_000_000L;

  @Test
  void countsTheSourcesPacketsInTheSecondBeforeEachPacket() {
    SourceRates rates = new SourceRates(8);
    for (int i = 0; i < 100; i++) {
      assertThat(rates.observe("10.0.0.1", T0 + i * 1_000)).isEqualTo(i);
    }
    assertThat(rates.observe("10.0.0.2", T0 + 99_000)).as("another source has its own count").isZero();
  }

  @Test
  void thePreviousSecondFadesAsTheWindowSlidesPastIt() {
    SourceRates rates = new SourceRates(8);
    for (int i = 0; i < 1000; i++) rates.observe("a", T0 + i * 1_000); // 1000 packets in second 0
    assertThat(rates.observe("a", T0 + 1_000_000)).isEqualTo(1000);        // window [t-1s, t) holds all of them
    assertThat(rates.observe("a", T0 + 1_750_000)).isEqualTo(250 + 1);     // a quarter still covered, plus the one above
    assertThat(rates.observe("b", T0)).isZero();
    assertThat(rates.observe("a", T0 + 5_000_000)).as("seconds of silence forget the past").isZero();
  }

  @Test
  void aFullTableForgetsTheSourceSeenLeastRecently() {
    SourceRates rates = new SourceRates(2);
    rates.observe("a", T0);
    rates.observe("b", T0);
    rates.observe("a", T0 + 1);
    rates.observe("c", T0 + 2); // evicts b
    assertThat(rates.size()).isEqualTo(2);
    assertThat(rates.evicted()).isEqualTo(1);
    assertThat(rates.observe("a", T0 + 3)).isEqualTo(2);
    assertThat(rates.observe("b", T0 + 4)).as("b starts again from zero").isZero();
  }
}
