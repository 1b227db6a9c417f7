package io.netwatch.stream;

/**
 * How long to wait before retrying after failures in a row: 100 ms, doubling, at most 5 s. Short at
 * first so that a blip costs little, capped so that a recovered PostgreSQL or Redis is noticed soon.
 */
final class Backoff {
  static final long FIRST_DELAY_MS = 100;
  static final long MAX_DELAY_MS = 5_000;
  private static final int LOG_EVERY = 10;

  private Backoff() {
  }

  /** The delay after the {@code failuresInRow}-th failure in a row (1 for the first). */
  static long delayMs(int failuresInRow) {
    int doublings = Math.min(6, Math.max(0, failuresInRow - 1)); // 100 << 6 is already past the cap
    return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS << doublings);
  }

  /** Whether this failure in a row deserves a log line: the first, then every tenth, so an outage is not a flood. */
  static boolean worthLogging(int failuresInRow) {
    return failuresInRow == 1 || failuresInRow % LOG_EVERY == 0;
  }
}
