package io.netwatch.testing;

import java.time.Duration;

/**
 * The counterpart of {@link Eventually} for claims that something never happens: the assertion is polled
 * for the whole duration, the last poll starting once the duration is over, and the first poll at which it
 * fails fails the test.
 */
public final class Consistently {
  private Consistently() {
  }

  public static void holdsFor(Duration duration, Runnable assertion) {
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    int polls = 0;
    while (true) {
      boolean last = System.nanoTime() >= deadline;
      try {
        assertion.run();
      } catch (AssertionError e) {
        throw new AssertionError("held for " + (System.nanoTime() - start) / 1_000_000 + " ms (" + polls
            + " polls) of the " + duration.toMillis() + " ms required, then: " + e.getMessage(), e);
      }
      polls++;
      if (last) return;
      Eventually.pause();
    }
  }
}
