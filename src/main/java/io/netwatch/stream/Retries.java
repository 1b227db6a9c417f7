package io.netwatch.stream;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

/** The one place the consumer waits before trying again: every retry goes through {@link #after}. */
final class Retries {
  private final Vertx vertx;

  Retries(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Runs {@code attempt} once the backoff for the {@code failuresInRow}-th failure in a row has passed. */
  <T> Future<T> after(int failuresInRow, Supplier<Future<T>> attempt) {
    return vertx.timer(Backoff.delayMs(failuresInRow), MILLISECONDS).compose(elapsed -> attempt.get());
  }
}
