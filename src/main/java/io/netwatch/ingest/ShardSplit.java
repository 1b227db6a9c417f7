package io.netwatch.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * A batch's packets grouped by stream shard, each group in the batch's order, and the way back: the entry
 * ids of the groups put in the order of the packets. Pure.
 */
final class ShardSplit {
  private final int[] shardOfPacket;
  private final TreeMap<Integer, List<Integer>> indexesByShard = new TreeMap<>();

  private ShardSplit(int[] shardOfPacket) {
    this.shardOfPacket = shardOfPacket;
    for (int i = 0; i < shardOfPacket.length; i++) {
      indexesByShard.computeIfAbsent(shardOfPacket[i], s -> new ArrayList<>()).add(i);
    }
  }

  static <T> ShardSplit of(List<T> packets, ToIntFunction<T> shardOf) {
    int[] shards = new int[packets.size()];
    for (int i = 0; i < shards.length; i++) shards[i] = shardOf.applyAsInt(packets.get(i));
    return new ShardSplit(shards);
  }

  int shardOf(int packetIndex) {
    return shardOfPacket[packetIndex];
  }

  /** The shards the batch touches, ascending. */
  List<Integer> shards() {
    return List.copyOf(indexesByShard.keySet());
  }

  /** The indexes of the packets of {@code shard}, ascending. */
  List<Integer> indexes(int shard) {
    return indexesByShard.getOrDefault(shard, List.of());
  }

  /**
   * {@code repliesPerShard} holds, for each shard of {@link #shards()} in that order, one reply per packet of the
   * shard in the order of {@link #indexes}, or null for a shard whose part was not written; answers the replies'
   * text in the order of the packets, null for the packets of such a shard.
   */
  List<String> inPacketOrder(List<? extends List<?>> repliesPerShard) {
    String[] ids = new String[shardOfPacket.length];
    int s = 0;
    for (List<Integer> indexes : indexesByShard.values()) {
      List<?> replies = repliesPerShard.get(s++);
      if (replies == null) continue;
      for (int k = 0; k < indexes.size(); k++) ids[indexes.get(k)] = String.valueOf(replies.get(k));
    }
    return Collections.unmodifiableList(Arrays.asList(ids));
  }
}
