package io.netwatch.cluster;

import io.netwatch.config.Settings;
import io.netwatch.redis.RedisMode;
import io.netwatch.redis.StreamShards;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Stream shards and REDIS_MODE: keys, a conversation's shard, seed lists")
class StreamShardsTest {

  @Test
  @DisplayName("one shard (the default) is today's single key; several are hash-tagged keys, one slot each")
  void keys() {
    assertThat(StreamShards.from(new Settings(Map.of())).keys()).containsExactly("anomaly:raw");
    assertThat(new StreamShards("anomaly:raw", 3).keys()).containsExactly("{anomaly:raw:0}", "{anomaly:raw:1}",
        "{anomaly:raw:2}");
    // Three tags land in three different slots: a 3-master cluster can hold one shard per master.
    Set<Integer> slots = new HashSet<>();
    for (String key : new StreamShards("anomaly:raw", 3).keys()) slots.add(slot(key));
    assertThat(slots).hasSize(3);
  }

  @Test
  @DisplayName("both directions of a conversation go to the same shard; conversations spread over every shard")
  void conversationShard() {
    StreamShards shards = new StreamShards("s", 4);
    int[] perShard = new int[4];
    for (int i = 0; i < 4_000; i++) {
      String a = "10.0." + (i / 250) + "." + (i % 250);
      String b = "192.168.1." + (i % 7);
      assertThat(shards.shardOf(a, b)).isEqualTo(shards.shardOf(b, a));
      perShard[shards.shardOf(a, b)]++;
    }
    for (int count : perShard) assertThat(count).isBetween(800, 1_200);
    assertThat(new StreamShards("s", 1).shardOf("10.0.0.1", "10.0.0.2")).isZero();
  }

  @Test
  @DisplayName("the shard of a pair is fixed by CRC32, so every node and version agrees")
  void stableAcrossProcesses() {
    // Worked out apart from the code: python3 -c "import zlib; print(zlib.crc32(b'10.0.0.1|10.0.0.2') % 3)"
    assertThat(new StreamShards("s", 3).shardOf("10.0.0.2", "10.0.0.1")).isZero();
  }

  @Test
  @DisplayName("STREAM_SHARDS out of 1..256 is refused naming the variable")
  void bounds() {
    assertThatThrownBy(() -> new StreamShards("s", 0)).hasMessageContaining("STREAM_SHARDS");
    assertThatThrownBy(() -> new StreamShards("s", 257)).hasMessageContaining("STREAM_SHARDS");
    assertThatThrownBy(() -> Settings.withEnvironment(Map.of(), Map.of("STREAM_SHARDS", "three")))
        .hasMessageContaining("STREAM_SHARDS");
  }

  @Test
  @DisplayName("REDIS_MODE: standalone by default; cluster reads REDIS_URL as a comma-separated seed list")
  void redisMode() {
    assertThat(RedisMode.from(new Settings(Map.of()))).isEqualTo(RedisMode.STANDALONE);
    assertThat(RedisMode.from(new Settings(Map.of(Settings.REDIS_MODE, " Cluster ")))).isEqualTo(RedisMode.CLUSTER);
    assertThatThrownBy(() -> RedisMode.from(new Settings(Map.of(Settings.REDIS_MODE, "sentinel"))))
        .hasMessageContaining("REDIS_MODE");
    assertThat(RedisMode.CLUSTER.endpoints("redis://a:7000, redis://b:7001,,"))
        .isEqualTo(List.of("redis://a:7000", "redis://b:7001"));
    assertThat(RedisMode.STANDALONE.endpoints("redis://a:7000,x")).containsExactly("redis://a:7000,x");
    assertThatThrownBy(() -> RedisMode.CLUSTER.endpoints(" , ")).hasMessageContaining("REDIS_URL");
  }

  /** Redis Cluster's key slot: CRC16 (XMODEM) of the hash tag, mod 16384. */
  static int slot(String key) {
    int open = key.indexOf('{');
    int close = key.indexOf('}', open + 1);
    String tag = open >= 0 && close > open + 1 ? key.substring(open + 1, close) : key;
    int crc = 0;
    for (byte b : tag.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      crc ^= (b & 0xff) << 8;
      for (int i = 0; i < 8; i++) crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
      crc &= 0xffff;
    }
    return crc % 16384;
  }

}
