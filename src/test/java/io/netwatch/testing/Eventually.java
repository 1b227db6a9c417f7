package io.netwatch.testing;

import java.time.Duration;

/** Polls an assertion until it holds or the deadline passes (then the last failure is thrown). */
public final class Eventually {
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
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
