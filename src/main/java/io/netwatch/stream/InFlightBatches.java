package io.netwatch.stream;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts the batches being processed and tells waiters when the count drops below their limit: the
 * read loop waits for a free slot, stop waits for none left. Used from one verticle's context only.
 */
final class InFlightBatches {
  private record Waiter(int limit, Promise<Void> promise) {
  }

  private final List<Waiter> waiters = new ArrayList<>();
  private int count;

  /** Counts {@code batch} until it completes, successfully or not. */
  void track(Future<Void> batch) {
    count++;
    batch.onComplete(done -> {
      count--;
      wakeWaiters();
    });
  }

  int count() {
    return count;
  }

  /** Completes once fewer than {@code limit} batches are in flight (at once if that is already so). */
  Future<Void> fewerThan(int limit) {
    if (count < limit) return Future.succeededFuture();
    Promise<Void> promise = Promise.promise();
    waiters.add(new Waiter(limit, promise));
    return promise.future();
  }

  /** Completes once no batch is in flight. */
  Future<Void> drained() {
    return fewerThan(1);
  }

  private void wakeWaiters() {
    // One at a time, checked afresh: a woken waiter may start a batch and fill the slot again.
    for (Waiter w = nextReady(); w != null; w = nextReady()) w.promise().complete();
  }

  private Waiter nextReady() {
    for (int i = 0; i < waiters.size(); i++) {
      if (count < waiters.get(i).limit()) return waiters.remove(i);
    }
    return null;
  }
}
