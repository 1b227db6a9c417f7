package io.netwatch.testing;

import java.time.Duration;

/**
 * Polls an assertion until it holds or the deadline passes (then the last failure is thrown). It returns
 * at the first poll that passes: for a claim that something never happens, use {@link Consistently}.
 */
public final class Eventually {
  static final Duration POLL = Duration.ofMillis(50);

  private Eventually() {
  }

  public static void within(Duration timeout, Runnable assertion) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError | RuntimeException e) {
        if (System.nanoTime() > deadline) throw e;
      }
      pause();
    }
  }

  /** The interval between two polls. */
  static void pause() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
