package io.netwatch.stream;

import io.netwatch.model.Messages;
import io.netwatch.redis.StreamEntry;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of stream entries made ready for scoring: the packets (each tagged with its stream id and
 * receive time), the entries without a valid packet, and every id, to acknowledge once all is done.
 */
record DecodedBatch(List<String> ids, JsonArray packets, List<StreamEntry> undecodable,
    Map<String, StreamEntry> entriesById) {

  static DecodedBatch of(List<StreamEntry> entries) {
    List<String> ids = new ArrayList<>(entries.size());
    JsonArray packets = new JsonArray(new ArrayList<>(entries.size()));
    List<StreamEntry> undecodable = new ArrayList<>();
    Map<String, StreamEntry> byId = new HashMap<>();
    for (StreamEntry entry : entries) {
      ids.add(entry.id());
      byId.put(entry.id(), entry);
      if (entry.fields().isEmpty()) continue; // deleted while pending: nothing left to process
      JsonObject packet = packetOf(entry);
      if (packet == null) {
        undecodable.add(entry);
      } else {
        packets.add(packet);
      }
    }
    return new DecodedBatch(ids, packets, undecodable, byId);
  }

  /** The entry this stream id names, or null if it is not in the batch. */
  StreamEntry entry(String streamId) {
    return streamId == null ? null : entriesById.get(streamId);
  }

  /** The entry's packet, tagged with its stream id and receive time; null if it has no JSON object packet. */
  static JsonObject packetOf(StreamEntry entry) {
    String json = entry.fields().get("packet");
    if (json == null) return null;
    try {
      return new JsonObject(json)
          .put(Messages.STREAM_ID, entry.id())
          .put(Messages.RECEIVED_AT, receivedAt(entry));
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  /** The receive time ingest recorded; failing that, the time in the entry's id, which Redis took at XADD. */
  private static long receivedAt(StreamEntry entry) {
    try {
      return Long.parseLong(entry.fields().getOrDefault(Messages.RECEIVED_AT, ""));
    } catch (NumberFormatException e) {
      String id = entry.id();
      int dash = id.indexOf('-');
      return Long.parseLong(dash < 0 ? id : id.substring(0, dash));
    }
  }
}
