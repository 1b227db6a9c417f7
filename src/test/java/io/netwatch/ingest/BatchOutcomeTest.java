package io.netwatch.ingest;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A batch's outcome from its shards' transactions: complete, partial (accepted, ids, retry) or nothing")
class BatchOutcomeTest {
  /** Packets named by shard letter: a0 and a2 in shard 0, b1 and b4 in shard 1, c3 in shard 2. */
  static final ShardSplit SPLIT = ShardSplit.of(List.of("a0", "b1", "a2", "c3", "b4"), p -> p.charAt(0) - 'a');

  @Test
  @DisplayName("every shard committed: complete, ids in batch order, nothing to retry")
  void complete() {
    BatchOutcome outcome = BatchOutcome.of(SPLIT, List.of(List.of("1-0", "1-1"), List.of("2-0", "2-1"), List.of("3-0")));
    assertThat(outcome.complete()).isTrue();
    assertThat(outcome.nothingStored()).isFalse();
    assertThat(outcome.accepted()).isEqualTo(5);
    assertThat(outcome.ids()).containsExactly("1-0", "2-0", "1-1", "3-0", "2-1");
    assertThat(outcome.retry()).isEmpty();
  }

  @Test
  @DisplayName("a middle shard failed: its packets are null in ids and listed in retry, ascending; the rest accepted")
  void partial() {
    BatchOutcome outcome = BatchOutcome.of(SPLIT, Arrays.asList(List.of("1-0", "1-1"), null, List.of("3-0")));
    assertThat(outcome.complete()).isFalse();
    assertThat(outcome.nothingStored()).isFalse();
    assertThat(outcome.accepted()).isEqualTo(3);
    assertThat(outcome.ids()).containsExactly("1-0", null, "1-1", "3-0", null);
    assertThat(outcome.retry()).containsExactly(1, 4);
  }

  @Test
  @DisplayName("two shards failed: retry interleaves their packets in batch order")
  void twoFailed() {
    BatchOutcome outcome = BatchOutcome.of(SPLIT, Arrays.asList(null, List.of("2-0", "2-1"), null));
    assertThat(outcome.accepted()).isEqualTo(2);
    assertThat(outcome.retry()).containsExactly(0, 2, 3);
    assertThat(outcome.ids()).containsExactly(null, "2-0", null, null, "2-1");
  }

  @Test
  @DisplayName("no shard committed: nothing stored, every packet to retry (the plain 503)")
  void nothing() {
    BatchOutcome outcome = BatchOutcome.of(SPLIT, Arrays.asList(null, null, null));
    assertThat(outcome.nothingStored()).isTrue();
    assertThat(outcome.complete()).isFalse();
    assertThat(outcome.accepted()).isZero();
    assertThat(outcome.retry()).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  @DisplayName("the failure names the count stored and the shard's reason")
  void partlyStoredMessage() {
    BatchOutcome outcome = BatchOutcome.of(SPLIT, Arrays.asList(List.of("1-0", "1-1"), null, null));
    PartlyStored err = new PartlyStored(outcome, new IllegalStateException("Connection refused"));
    assertThat(err.getMessage()).isEqualTo("2 of 5 packets stored; a shard failed: Connection refused");
    assertThat(err.outcome()).isSameAs(outcome);
    assertThat(err.getStackTrace()).isEmpty();
  }
}
