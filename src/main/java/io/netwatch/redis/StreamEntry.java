package io.netwatch.redis;

import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One Redis Stream entry; {@code fields} is empty for an entry that was deleted while pending. */
public record StreamEntry(String id, Map<String, String> fields) {

  /** Parses XREADGROUP's RESP2 reply: null on timeout, else [[stream, [[id, [k, v, ...]], ...]]]. */
  public static List<StreamEntry> fromReadReply(Response reply) {
    if (reply == null || reply.size() == 0) return List.of();
    Response streamAndEntries = reply.get(0);
    return fromEntries(streamAndEntries.get(1));
  }

  /** Parses XAUTOCLAIM's reply [cursor, [entries...], [deleted ids...]] into its entries. */
  public static List<StreamEntry> fromClaimReply(Response reply) {
    return reply == null ? List.of() : fromEntries(reply.get(1));
  }

  static List<StreamEntry> fromEntries(Response entries) {
    if (entries == null) return List.of();
    List<StreamEntry> list = new ArrayList<>(entries.size());
    for (Response entry : entries) {
      String id = entry.get(0).toString();
      Response kv = entry.size() > 1 ? entry.get(1) : null;
      if (kv == null) {
        list.add(new StreamEntry(id, Collections.emptyMap()));
        continue;
      }
      Map<String, String> fields = new HashMap<>(kv.size());
      for (int i = 0; i + 1 < kv.size(); i += 2) {
        fields.put(kv.get(i).toString(), kv.get(i + 1) == null ? null : kv.get(i + 1).toString());
      }
      list.add(new StreamEntry(id, fields));
    }
    return list;
  }
}
