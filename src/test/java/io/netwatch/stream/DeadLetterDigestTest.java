package io.netwatch.stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("DeadLetterDigest: the first dead letter at once, then one line per interval with counts per reason")
class DeadLetterDigestTest {
  static final long INTERVAL = 5_000;

  @Test
  @DisplayName("the first entry is reported at once; the next ones wait for the interval and come as one line")
  void firstAtOnceThenOneLinePerInterval() {
    DeadLetterDigest digest = new DeadLetterDigest(INTERVAL);
    assertThat(digest.record("1-0", "entry has no valid packet field", 1_000))
        .isEqualTo("1 entry dead-lettered: 1 × entry has no valid packet field (e.g. entry 1-0)");
    for (int i = 1; i <= 4_999; i++) {
      assertThat(digest.record(i + "-1", "entry has no valid packet field", 1_000 + i % 4_000)).isNull();
    }
    assertThat(digest.flush(5_999)).as("not due yet").isNull();
    assertThat(digest.flush(6_000)).isEqualTo("4999 entries dead-lettered in the last 5.0 s:"
        + " 4999 × entry has no valid packet field (e.g. entry 1-1)");
    assertThat(digest.flush(20_000)).as("nothing counted since").isNull();
  }

  @Test
  @DisplayName("reasons are counted apart, in the order first seen, each with its first entry's id")
  void countsPerReason() {
    DeadLetterDigest digest = new DeadLetterDigest(INTERVAL);
    digest.record("1-0", "a", 0);
    digest.record("2-0", "rejected by scorer: bad src_ip", 10);
    digest.record("3-0", "entry has no valid packet field", 20);
    digest.record("4-0", "rejected by scorer: bad src_ip", 30);
    assertThat(digest.record("5-0", "entry has no valid packet field", 5_000)).isEqualTo(
        "4 entries dead-lettered in the last 5.0 s: 2 × rejected by scorer: bad src_ip (e.g. entry 2-0); 2 × entry has no valid packet field (e.g. entry 3-0)");
  }

  @Test
  @DisplayName("a due line is written by the entry that makes it due, so a steady trickle needs no timer")
  void recordWritesTheDueLine() {
    DeadLetterDigest digest = new DeadLetterDigest(INTERVAL);
    assertThat(digest.record("1-0", "x", 0)).isNotNull();
    assertThat(digest.record("2-0", "x", 4_999)).isNull();
    assertThat(digest.record("3-0", "x", 5_000)).startsWith("2 entries dead-lettered");
    assertThat(digest.record("4-0", "x", 5_001)).isNull();
  }

  @Test
  @DisplayName("at most MAX_REASONS reasons are told apart; the rest are counted as other reasons; long ones are cut")
  void boundedReasons() {
    DeadLetterDigest digest = new DeadLetterDigest(INTERVAL);
    digest.record("0-0", "first", 0);
    for (int i = 0; i < 1_000; i++) digest.record(i + "-1", "reason " + i, 1);
    digest.record("9-9", "y".repeat(10_000), 2);
    String line = digest.flush(INTERVAL);
    assertThat(line).startsWith("1001 entries dead-lettered");
    assertThat(line.split("; ")).hasSize(DeadLetterDigest.MAX_REASONS + 1);
    assertThat(line).endsWith("; 985 × other reasons (e.g. entry 16-1)");
    assertThat(line.length()).isLessThan(DeadLetterDigest.MAX_REASONS * (DeadLetterDigest.MAX_REASON_LENGTH + 60));
  }

  @Test
  @DisplayName("drain reports what is counted even before it is due; nothing counted, nothing said")
  void drain() {
    DeadLetterDigest digest = new DeadLetterDigest(INTERVAL);
    assertThat(digest.drain(0)).isNull();
    digest.record("1-0", "x", 0);
    digest.record("2-0", "x", 100);
    assertThat(digest.drain(200)).isEqualTo("1 entry dead-lettered in the last 0.1 s: 1 × x (e.g. entry 2-0)");
    assertThat(digest.drain(300)).isNull();
  }
}
