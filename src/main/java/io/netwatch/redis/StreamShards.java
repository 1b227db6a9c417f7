package io.netwatch.redis;

import io.netwatch.config.Settings;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The stream's keys: with STREAM_SHARDS=1 the single key REDIS_STREAM_NAME (today's name), with N > 1 the
 * hash-tagged keys {@code {<stream>:0}} .. {@code {<stream>:N-1}}, each in a hash slot of its own, so a Redis
 * Cluster spreads them over its masters. A packet's shard comes from its (src_ip, dst_ip) pair, taken in either
 * order, so both directions of a conversation stay in one shard, in order. Pure.
 */
public record StreamShards(String stream, int count) {
  /** Enough to spread over a large cluster; bounds the keys, consumer loops and metric labels. */
  public static final int MAX_SHARDS = 256;

  public StreamShards {
    if (count < 1 || count > MAX_SHARDS) {
      throw new IllegalArgumentException("STREAM_SHARDS must be between 1 and " + MAX_SHARDS + ", got " + count);
    }
  }

  public static StreamShards from(Settings settings) {
    return new StreamShards(settings.string(Settings.REDIS_STREAM_NAME), settings.integer(Settings.STREAM_SHARDS));
  }

  public String key(int shard) {
    return count == 1 ? stream : "{" + stream + ":" + shard + "}";
  }

  public List<String> keys() {
    List<String> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) keys.add(key(i));
    return keys;
  }

  /** The shard of a conversation: CRC32 of "low|high" of the two addresses, so stable across JVMs and versions. */
  public int shardOf(String srcIp, String dstIp) {
    if (count == 1) return 0;
    String a = srcIp == null ? "" : srcIp;
    String b = dstIp == null ? "" : dstIp;
    String pair = a.compareTo(b) <= 0 ? a + "|" + b : b + "|" + a;
    CRC32 crc = new CRC32();
    crc.update(pair.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % count);
  }

  /** A bounded label for metrics and /ready: the shard's index ("0" for the single key). */
  public static String label(int shard) {
    return Integer.toString(shard);
  }
}
