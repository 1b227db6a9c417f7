package io.netwatch.cluster;

import io.netwatch.redis.StreamShards;
import io.netwatch.testing.PlatformUnderTest;
import io.netwatch.testing.RedisClusterFixture;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch across shards on a real three-master cluster while the master of shard 1 dies: shard 0's master lives,
 * and the appender does not know yet that shard 1's is gone (its link was connected, and a cluster link is not
 * dropped when one node goes), so shard 0 commits and shard 1 fails: the partial 503. A client that then sends
 * only {@code retry} until 200 leaves every packet stored exactly once.
 */
@Tag("slow")
@DisplayName("Redis Cluster: a batch stored in part when a shard's master dies, and only its retry list sent again")
class ClusterPartialBatchTest {
  static final int SHARDS = 3;
  static final int PACKETS = 30;
  static final String DST = "10.9.9.9";
  static RedisClusterFixture cluster;
  PlatformUnderTest platform;
  String stream;
  /** What the resending client met that it must never meet: a status other than 200 and 503. */
  final List<String> unexpected = new ArrayList<>();

  @BeforeAll
  static void startCluster() {
    cluster = RedisClusterFixture.start(3);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) cluster.close();
  }

  @BeforeEach
  void deploy() {
    platform = PlatformUnderTest.create();
    stream = streamOverTwoMasters(platform.stream);
    platform.deploy(platform.config().put("redis_mode", "cluster").put("redis_url", cluster.seeds())
        .put("stream_shards", SHARDS).put("redis_timeout_ms", 2_000).put("redis_stream_name", stream)
        .put("detectors", "off"));
  }

  @AfterEach
  void close() {
    platform.close();
  }

  static String key(String stream, int shard) {
    return new StreamShards(stream, SHARDS).key(shard);
  }

  /** A stream name whose shards 0 and 1 live on two masters: then one can commit while the other's master is dead. */
  static String streamOverTwoMasters(String base) {
    for (int i = 0; i < 100; i++) {
      String name = base + "-" + i;
      if (cluster.ownerOf(key(name, 0)) != cluster.ownerOf(key(name, 1))) return name;
    }
    throw new IllegalStateException("no stream name with shards 0 and 1 on two masters");
  }

  static String src(int i) {
    return "10.9.0." + i;
  }

  static JsonObject packet(int i) {
    return new JsonObject().put("src_ip", src(i)).put("dst_ip", DST).put("protocol", "UDP").put("dst_port", 53);
  }

  @Test
  @DisplayName("shard 0 commits, shard 1 fails: 503 with accepted, ids, retry; resending retry stores each packet once")
  void partialBatchThenOnlyRetry() {
    StreamShards shards = new StreamShards(stream, SHARDS);
    Map<Integer, Integer> ownerOfShard = new HashMap<>();
    for (int s = 0; s < SHARDS; s++) ownerOfShard.put(s, cluster.ownerOf(key(stream, s)));
    int dead = ownerOfShard.get(1);
    List<Integer> shardOfPacket = new ArrayList<>();
    for (int i = 0; i < PACKETS; i++) shardOfPacket.add(shards.shardOf(src(i), DST));
    assertThat(shardOfPacket).as("the batch spans the shards").contains(0, 1, 2);
    // Every shard's link connected before the kill: shard 1's link does not know yet that its master is gone.
    for (int s = 0; s < SHARDS; s++) {
      int j = 0;
      while (shards.shardOf("10.9.1." + j, "10.9.9.8") != s) j++;
      JsonObject one = new JsonObject().put("src_ip", "10.9.1." + j).put("dst_ip", "10.9.9.8").put("protocol", "UDP");
      assertThat(platform.ingest(new JsonArray().add(one).encode()).statusCode()).isEqualTo(200);
    }

    cluster.kill(dead);
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < PACKETS; i++) all.add(i);
    HttpResponse<Buffer> first = post(all);
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(503);
    assertThat(first.getHeader("Retry-After")).isEqualTo("1");
    JsonObject answer = first.bodyAsJsonObject();
    JsonArray ids = answer.getJsonArray("ids");
    List<Integer> retry = indexes(answer.getJsonArray("retry"));
    assertThat(ids).hasSize(PACKETS);
    for (int i = 0; i < PACKETS; i++) {
      boolean alive = ownerOfShard.get(shardOfPacket.get(i)) != dead;
      assertThat(ids.getValue(i) != null).as("packet %d (shard %d) stored", i, shardOfPacket.get(i)).isEqualTo(alive);
      assertThat(retry.contains(i)).as("packet %d to retry", i).isEqualTo(!alive);
    }
    assertThat(answer.getInteger("accepted")).isEqualTo(PACKETS - retry.size()).isPositive();

    // Only retry, as a client must: a plain 503 (nothing stored) or a partial one while the master is away.
    List<Integer> remaining = resend(retry);
    assertThat(remaining).isNotEmpty();
    cluster.restart(dead);
    List<List<Integer>> left = new ArrayList<>(List.of(remaining));
    within(Duration.ofSeconds(60), () -> {
      left.set(0, resend(left.get(0)));
      assertThat(left.get(0)).isEmpty();
    });
    assertThat(unexpected).isEmpty();

    within(Duration.ofSeconds(60), () -> assertThat(rows("count(*)")).isEqualTo(PACKETS));
    assertThat(rows("count(DISTINCT src_ip)")).as("0 lost").isEqualTo(PACKETS);
    assertThat(platform.database.count("SELECT count(*) FROM (SELECT src_ip FROM anomalies WHERE dst_ip = '" + DST
        + "' GROUP BY src_ip, dst_ip HAVING count(*) > 1) d")).as("0 duplicates").isZero();
    // The restarted master came back empty (no persistence here): its shards hold only what came after.
    long added = 0;
    long warmUpKept = 0;
    for (int s = 0; s < SHARDS; s++) {
      added += entriesAdded(key(stream, s));
      if (ownerOfShard.get(s) != dead) warmUpKept++;
    }
    assertThat(added).as("stream entries: the warm-up ones kept, then each packet once").isEqualTo(warmUpKept + PACKETS);
  }

  HttpResponse<Buffer> post(List<Integer> indexes) {
    JsonArray batch = new JsonArray();
    for (int i : indexes) batch.add(packet(i));
    return platform.ingest(batch.encode());
  }

  /** Posts the packets at {@code indexes}; answers those still to send: none on 200, the listed ones on a partial 503. */
  List<Integer> resend(List<Integer> indexes) {
    HttpResponse<Buffer> response = post(indexes);
    if (response.statusCode() == 200) return List.of();
    if (response.statusCode() != 503 || response.getHeader("Retry-After") == null) {
      unexpected.add(response.statusCode() + " " + response.bodyAsString());
      return indexes;
    }
    JsonArray retry = response.bodyAsJsonObject().getJsonArray("retry");
    if (retry == null) return indexes;
    List<Integer> still = new ArrayList<>();
    for (int k : indexes(retry)) still.add(indexes.get(k));
    return still;
  }

  static List<Integer> indexes(JsonArray array) {
    List<Integer> list = new ArrayList<>();
    for (Object o : array) list.add((Integer) o);
    return list;
  }

  long rows(String what) {
    return platform.database.count("SELECT " + what + " FROM anomalies WHERE dst_ip = '" + DST + "'");
  }

  /** XINFO STREAM's entries-added: every entry ever written, whatever was trimmed since. */
  long entriesAdded(String key) {
    String[] lines = cluster.cli(cluster.ownerOf(key), "XINFO", "STREAM", key).split("\n");
    for (int i = 0; i + 1 < lines.length; i++) {
      if (lines[i].strip().equals("entries-added")) return Long.parseLong(lines[i + 1].strip());
    }
    throw new IllegalStateException("no entries-added in XINFO STREAM " + key);
  }
}
