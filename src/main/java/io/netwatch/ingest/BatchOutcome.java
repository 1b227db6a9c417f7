package io.netwatch.ingest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a batch written one transaction per shard left in the stream: for each packet, in the batch's order, its
 * entry id, or null where its shard's transaction failed. Ingest answers 200 when every shard committed, the
 * partial 503 (accepted, ids, retry) when some did, the plain 503 when none did. Pure: no Vert.x.
 */
final class BatchOutcome {
  private final List<String> ids;
  private final int accepted;

  private BatchOutcome(List<String> ids) {
    this.ids = ids;
    int stored = 0;
    for (String id : ids) if (id != null) stored++;
    this.accepted = stored;
  }

  /**
   * @param repliesPerShard for each shard of {@code split.shards()}, in that order, the replies of its XADDs (one per
   *     packet, in the order of {@code split.indexes}), or null when its transaction failed
   */
  static BatchOutcome of(ShardSplit split, List<? extends List<?>> repliesPerShard) {
    return new BatchOutcome(split.inPacketOrder(repliesPerShard));
  }

  /** Every packet stored: the 200 answer. */
  boolean complete() {
    return accepted == ids.size();
  }

  /** Nothing stored: the plain 503, the whole batch to send again. */
  boolean nothingStored() {
    return accepted == 0;
  }

  /** Packets stored, which count as accepted even when the request is answered 503. */
  int accepted() {
    return accepted;
  }

  /** Entry id per packet in batch order, null where not stored. */
  List<String> ids() {
    return ids;
  }

  /** The indexes of the packets not stored, ascending: all a client must send again. */
  List<Integer> retry() {
    List<Integer> retry = new ArrayList<>(ids.size() - accepted);
    for (int i = 0; i < ids.size(); i++) if (ids.get(i) == null) retry.add(i);
    return Collections.unmodifiableList(retry);
  }
}
