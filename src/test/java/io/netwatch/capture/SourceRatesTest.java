package io.netwatch.capture;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SourceRatesTest {
  private static final long T0 = 1_700_000_000_000_000L;
  private static final long A = 0x0a00_0001L;
  private static final long B = 0x0a00_0002L;
  private static final long C = 0x0a00_0003L;

  /** An IPv4 source. */
  private static long observe(SourceRates rates, long address, long tsMicros) {
    return rates.observe(false, 0, address, tsMicros);
  }

  @Test
  void countsTheSourcesPacketsInTheSecondBeforeEachPacket() {
    SourceRates rates = new SourceRates(8);
    for (int i = 0; i < 100; i++) {
      assertThat(observe(rates, A, T0 + i * 1_000)).isEqualTo(i);
    }
    assertThat(observe(rates, B, T0 + 99_000)).as("another source has its own count").isZero();
  }

  @Test
  void thePreviousSecondFadesAsTheWindowSlidesPastIt() {
    SourceRates rates = new SourceRates(8);
    for (int i = 0; i < 1000; i++) observe(rates, A, T0 + i * 1_000); // 1000 packets in second 0
    assertThat(observe(rates, A, T0 + 1_000_000)).isEqualTo(1000);        // window [t-1s, t) holds all of them
    assertThat(observe(rates, A, T0 + 1_750_000)).isEqualTo(250 + 1);     // a quarter still covered, plus the one above
    assertThat(observe(rates, B, T0)).isZero();
    assertThat(observe(rates, A, T0 + 5_000_000)).as("seconds of silence forget the past").isZero();
  }

  @Test
  void aFullTableForgetsTheSourceSeenLeastRecently() {
    SourceRates rates = new SourceRates(2);
    observe(rates, A, T0);
    observe(rates, B, T0);
    observe(rates, A, T0 + 1);
    observe(rates, C, T0 + 2); // evicts b
    assertThat(rates.size()).isEqualTo(2);
    assertThat(rates.evicted()).isEqualTo(1);
    assertThat(observe(rates, A, T0 + 3)).isEqualTo(2);
    assertThat(observe(rates, B, T0 + 4)).as("b starts again from zero").isZero();
  }

  @Test
  void anIpv6SourceIsNotTheIpv4OneWithTheSameLowBytes() {
    SourceRates rates = new SourceRates(8);
    observe(rates, A, T0);
    assertThat(rates.observe(true, 0, A, T0 + 1)).as("::10.0.0.1 is another source").isZero();
    assertThat(observe(rates, A, T0 + 2)).isEqualTo(1);
  }

  /** The flat table against the LinkedHashMap in access order it replaced, over many sources and evictions. */
  @Test
  void behavesAsAnAccessOrderedMapOfBoundedSize() {
    int capacity = 300;
    SourceRates rates = new SourceRates(capacity);
    Map<Long, long[]> model = new LinkedHashMap<>(16, 0.75f, true);
    long[] evicted = {0};
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      long source = random.nextInt(i % 3 == 0 ? 1000 : 250); // some recur often, others seldom
      long ts = T0 + i * 137L;
      long second = Math.floorDiv(ts, 1_000_000);
      long[] counter = model.get(source);
      if (counter == null) {
        counter = new long[] {second, 0, 0};
        model.put(source, counter);
        if (model.size() > capacity) {
          model.remove(model.keySet().iterator().next());
          evicted[0]++;
        }
      } else if (second > counter[0]) {
        counter[2] = second == counter[0] + 1 ? counter[1] : 0;
        counter[1] = 0;
        counter[0] = second;
      }
      double uncovered = (double) Math.max(0, ts - second * 1_000_000) / 1_000_000;
      long expected = Math.round(counter[2] * (1 - uncovered) + counter[1]);
      counter[1]++;
      assertThat(rates.observe(source % 2 == 0, source * 31, source, ts)).as("packet %d", i).isEqualTo(expected);
    }
    assertThat(rates.size()).isEqualTo(capacity);
    assertThat(rates.evicted()).isEqualTo(evicted[0]).isPositive();
  }
}
