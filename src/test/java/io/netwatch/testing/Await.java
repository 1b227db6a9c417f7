package io.netwatch.testing;

import io.vertx.core.Future;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Blocks the test thread (never an event loop) on a future, with a deadline. */
public final class Await {
  private Await() {
  }

  public static <T> T result(Future<T> future) {
    return result(future, 30);
  }

  public static <T> T result(Future<T> future, int seconds) {
    try {
      return future.await(seconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no result within " + seconds + " s", e);
    }
  }

  /** Why the future failed, or null when it succeeded. */
  public static Throwable failure(Future<?> future) {
    return result(future.transform(ar -> Future.succeededFuture(ar.cause())));
  }
}
