package io.netwatch.stream;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("InFlightBatches: waiters resume when the count drops below their limit")
class InFlightBatchesTest {
  private final InFlightBatches batches = new InFlightBatches();

  @Test
  @DisplayName("below the limit a waiter goes on at once; at it, once a batch completes, failed ones too")
  void slotFreed() {
    Promise<Void> first = Promise.promise();
    Promise<Void> second = Promise.promise();
    batches.track(first.future());
    batches.track(second.future());
    assertThat(batches.fewerThan(3).succeeded()).isTrue();

    Future<Void> slot = batches.fewerThan(2);
    assertThat(slot.isComplete()).isFalse();
    second.fail("not stored");
    assertThat(slot.succeeded()).isTrue();
    assertThat(batches.count()).isEqualTo(1);
  }

  @Test
  @DisplayName("drained completes when the last batch does, not before")
  void drained() {
    assertThat(batches.drained().succeeded()).isTrue();
    Promise<Void> first = Promise.promise();
    Promise<Void> second = Promise.promise();
    batches.track(first.future());
    batches.track(second.future());

    Future<Void> drained = batches.drained();
    first.complete();
    assertThat(drained.isComplete()).isFalse();
    second.complete();
    assertThat(drained.succeeded()).isTrue();
  }

  @Test
  @DisplayName("a woken waiter that fills the slot again holds back the next waiter")
  void rechecksAfterEachWaiter() {
    Promise<Void> running = Promise.promise();
    batches.track(running.future());
    Future<Void> reader = batches.fewerThan(1);
    Future<Void> stop = batches.drained();
    reader.onSuccess(free -> batches.track(Promise.<Void>promise().future()));

    running.complete();

    assertThat(reader.succeeded()).isTrue();
    assertThat(stop.isComplete()).isFalse();
    assertThat(batches.count()).isEqualTo(1);
  }
}
