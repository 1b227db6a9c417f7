package io.netwatch.capture;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A batch cut down to the packets ingest asks for again after storing the rest (the {@code retry} list of a
 * partial 503): sending the whole batch again would store the others twice. Pure.
 */
final class BatchSubset {
  private BatchSubset() {
  }

  /**
   * The packets of {@code batch} at {@code indexes} (ascending), same sequence, encoded as the batch was (gzip or
   * plain); null when the list does not fit the batch (an index past its end) or the body is not a JSON array:
   * then nothing can be told apart, and the caller sends the whole batch again.
   */
  static Batch keep(Batch batch, List<Integer> indexes) {
    JsonArray packets;
    try {
      packets = new JsonArray(Buffer.buffer(batch.gzip() ? gunzip(batch.body()) : batch.body()));
    } catch (IOException | RuntimeException notOurs) {
      return null;
    }
    if (packets.size() != batch.packets() || indexes.isEmpty()) return null;
    JsonArray kept = new JsonArray();
    int previous = -1;
    for (int index : indexes) {
      if (index <= previous || index >= packets.size()) return null;
      kept.add(packets.getValue(index));
      previous = index;
    }
    byte[] body = kept.toBuffer().getBytes();
    return new Batch(batch.sequence(), kept.size(), batch.gzip() ? Batcher.gzip(body) : body, batch.gzip());
  }

  private static byte[] gunzip(byte[] body) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    }
  }
}
