package io.netwatch.stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Backoff: 100 ms doubling to at most 5 s; a log line for the first failure, then every tenth")
class BackoffTest {
  @Test
  @DisplayName("the delay doubles with each failure in a row")
  void doubles() {
    assertThat(Backoff.delayMs(1)).isEqualTo(100);
    assertThat(Backoff.delayMs(2)).isEqualTo(200);
    assertThat(Backoff.delayMs(3)).isEqualTo(400);
    assertThat(Backoff.delayMs(6)).isEqualTo(3_200);
  }

  @Test
  @DisplayName("the delay stops growing at 5 s, however long the outage")
  void capped() {
    assertThat(Backoff.delayMs(7)).isEqualTo(5_000);
    assertThat(Backoff.delayMs(64)).isEqualTo(5_000);
    assertThat(Backoff.delayMs(Integer.MAX_VALUE)).isEqualTo(5_000);
  }

  @Test
  @DisplayName("no failure yet counts as the first")
  void noFailure() {
    assertThat(Backoff.delayMs(0)).isEqualTo(100);
  }

  @Test
  @DisplayName("logged: the first failure, then every tenth")
  void logging() {
    assertThat(Backoff.worthLogging(1)).isTrue();
    assertThat(Backoff.worthLogging(2)).isFalse();
    assertThat(Backoff.worthLogging(9)).isFalse();
    assertThat(Backoff.worthLogging(10)).isTrue();
    assertThat(Backoff.worthLogging(20)).isTrue();
  }
}
