package io.netwatch.ingest;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A batch split per shard, and its ids put back in the packets' order")
class ShardSplitTest {
  @Test
  @DisplayName("each shard's packets in batch order; replies mapped back to the packet order")
  void splitAndJoin() {
    List<String> packets = List.of("a0", "b1", "a2", "c3", "b4");
    ShardSplit split = ShardSplit.of(packets, p -> p.charAt(0) - 'a');
    assertThat(split.shards()).containsExactly(0, 1, 2);
    assertThat(split.indexes(0)).containsExactly(0, 2);
    assertThat(split.indexes(1)).containsExactly(1, 4);
    assertThat(split.indexes(2)).containsExactly(3);
    assertThat(split.shardOf(4)).isEqualTo(1);
    List<String> ids = split.inPacketOrder(List.of(List.of("1-0", "1-1"), List.of("2-0", "2-1"), List.of("3-0")));
    assertThat(ids).containsExactly("1-0", "2-0", "1-1", "3-0", "2-1");
  }

  @Test
  @DisplayName("a batch in one shard stays whole")
  void oneShard() {
    ShardSplit split = ShardSplit.of(List.of("x", "y"), p -> 5);
    assertThat(split.shards()).containsExactly(5);
    assertThat(split.indexes(5)).containsExactly(0, 1);
    assertThat(split.indexes(4)).isEmpty();
  }

  @Test
  @DisplayName("a shard without replies (its transaction failed) leaves null ids for its packets")
  void failedShard() {
    ShardSplit split = ShardSplit.of(List.of("a0", "b1", "a2"), p -> p.charAt(0) - 'a');
    assertThat(split.inPacketOrder(java.util.Arrays.asList(List.of("1-0", "1-1"), null))).containsExactly("1-0", null, "1-1");
  }
}
