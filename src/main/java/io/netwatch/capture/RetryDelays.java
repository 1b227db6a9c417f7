package io.netwatch.capture;

import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter between attempts at one batch: 250 ms doubling to 30 s, each delay drawn
 * from its upper half so that sensors that lost the platform together do not come back in step. A
 * Retry-After from ingest wins when it asks for longer.
 */
final class RetryDelays {
  static final long FIRST_MS = 250;
  static final long MAX_MS = 30_000;

  private final RandomGenerator random;

  RetryDelays(RandomGenerator random) {
    this.random = random;
  }

  /** The pause before attempt {@code failures + 1}, after {@code failures} failed ones (failures >= 1). */
  long delayMs(int failures, long retryAfterMs) {
    long ceiling = Math.min(MAX_MS, FIRST_MS << Math.min(failures - 1, 20));
    long jittered = ceiling / 2 + random.nextLong(ceiling / 2 + 1);
    return Math.max(jittered, retryAfterMs);
  }
}
