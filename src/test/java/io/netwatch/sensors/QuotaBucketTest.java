package io.netwatch.sensors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("QuotaBucket: quota_pps a second, a burst of two seconds of it")
class QuotaBucketTest {
  static final long SECOND = 1_000_000_000L;

  @Test
  @DisplayName("a full bucket admits two seconds of quota, then nothing until it refills")
  void burstThenRefill() {
    QuotaBucket bucket = new QuotaBucket(10, 0);
    int admitted = 0;
    while (bucket.admits(0)) admitted++;
    assertThat(admitted).isEqualTo(20);
    assertThat(bucket.retryAfterSeconds(0)).isEqualTo(1);
    assertThat(bucket.admits(SECOND / 20)).isFalse();
    assertThat(bucket.admits(SECOND / 10)).isTrue();
  }

  @Test
  @DisplayName("a batch may take it below zero; the sensor then waits until it is paid back (Retry-After says how long)")
  void batchDebt() {
    QuotaBucket bucket = new QuotaBucket(10, 0);
    assertThat(bucket.admits(0)).isTrue();
    bucket.charge(49, 0);
    assertThat(bucket.admits(0)).isFalse();
    assertThat(bucket.retryAfterSeconds(0)).isEqualTo(4);
    assertThat(bucket.admits(3 * SECOND)).isFalse();
    assertThat(bucket.admits(31 * SECOND / 10)).isTrue();
  }

  @Test
  @DisplayName("a long idle time refills no more than the burst")
  void capped() {
    QuotaBucket bucket = new QuotaBucket(5, 0);
    bucket.charge(10, 0);
    int admitted = 0;
    while (bucket.admits(3600 * SECOND)) admitted++;
    assertThat(admitted).isEqualTo(10);
    assertThatThrownBy(() -> new QuotaBucket(0, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
