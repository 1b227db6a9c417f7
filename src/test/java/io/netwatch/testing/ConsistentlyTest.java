package io.netwatch.testing;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Eventually returns at the first passing poll; Consistently polls for the whole duration")
class ConsistentlyTest {
  @Test
  @DisplayName("an assertion that keeps holding is polled until the duration is over, the last poll after it")
  void pollsForTheWholeDuration() {
    AtomicInteger polls = new AtomicInteger();
    long start = System.nanoTime();
    Consistently.holdsFor(Duration.ofMillis(300), polls::incrementAndGet);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(polls.get()).isGreaterThan(2);
  }

  @Test
  @DisplayName("an assertion that stops holding midway fails, however long the duration")
  void failsWhenTheAssertionBreaksLater() {
    AtomicInteger polls = new AtomicInteger();
    assertThatThrownBy(() -> Consistently.holdsFor(Duration.ofSeconds(30), () ->
        assertThat(polls.incrementAndGet()).isLessThan(4)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("3 polls");
    assertThat(polls.get()).isEqualTo(4);
  }

  @Test
  @DisplayName("Eventually.within, by contrast, returns at once when the first poll passes")
  void eventuallyReturnsAtTheFirstPass() {
    AtomicInteger polls = new AtomicInteger();
    Eventually.within(Duration.ofSeconds(30), polls::incrementAndGet);
    assertThat(polls.get()).isEqualTo(1);
  }
}
