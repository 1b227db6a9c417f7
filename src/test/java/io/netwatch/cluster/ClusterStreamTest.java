package io.netwatch.cluster;

import io.netwatch.testing.ChildPlatform;
import io.netwatch.testing.PlatformUnderTest;
import io.netwatch.testing.RedisClusterFixture;
import io.netwatch.testing.SensorLoad;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform on a real three-master Redis Cluster with three stream shards: two analyzer JVMs sharing the
 * group, slots of a live shard moved under load, a master killed and brought back (detection off: the stream's
 * guarantees alone), and the detectors' windows kept in the cluster.
 */
@Tag("slow")
@DisplayName("Redis Cluster: sharded stream, two analyzers, resharding and a dead master")
class ClusterStreamTest {
  static final int SHARDS = 3;
  static RedisClusterFixture cluster;
  PlatformUnderTest platform;
  JsonObject config;

  @BeforeAll
  static void startCluster() {
    cluster = RedisClusterFixture.start(3);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) cluster.close();
  }

  @BeforeEach
  void deploy(org.junit.jupiter.api.TestInfo test) {
    platform = PlatformUnderTest.create();
    config = platform.config().put("redis_mode", "cluster").put("redis_url", cluster.seeds())
        .put("stream_shards", SHARDS).put("redis_timeout_ms", 2_000);
    if (!test.getTags().contains("detection")) config.put("detectors", "off");
    platform.deploy(config);
  }

  @AfterEach
  void close() {
    platform.close();
  }

  String shardKey(int shard) {
    return "{" + platform.stream + ":" + shard + "}";
  }

  /** A conversation per sensor, spread over the shards. */
  static String packet(int sensor) {
    return new JsonObject().put("src_ip", "10.5." + sensor + "." + (System.nanoTime() % 200)).put("dst_ip", "10.6.0.1")
        .put("protocol", "UDP").put("dst_port", 53).encode();
  }

  void assertEveryAcceptedStoredOnce(long accepted) {
    within(Duration.ofSeconds(60), () -> assertThat(platform.rows()).isEqualTo(accepted));
    assertThat(platform.database.count("SELECT count(*) FROM (SELECT DISTINCT stream_id, received_at FROM anomalies) d"))
        .isEqualTo(accepted);
  }

  @Test
  @DisplayName("two analyzer JVMs read every shard with one group: rows = accepted, no duplicates")
  void twoAnalyzers() {
    JsonObject childConfig = config.copy().put("consumer_name", "child-analyzer")
        .put("verticles", PlatformUnderTest.verticles("scorer", "persistence", "stream-consumer"));
    try (ChildPlatform analyzer = new ChildPlatform("cluster-analyzer", childConfig).awaitStarted()) {
      SensorLoad load = new SensorLoad(platform, 8, ClusterStreamTest::packet);
      within(Duration.ofSeconds(60), () -> assertThat(load.accepted.get()).isGreaterThan(1_000));
      load.stop();
      assertThat(load.failures).isEmpty();
      assertEveryAcceptedStoredOnce(load.accepted.get());
      Set<Integer> owners = new HashSet<>();
      for (int i = 0; i < SHARDS; i++) owners.add(cluster.ownerOf(shardKey(i)));
      assertThat(owners).as("the shards spread over the masters").hasSizeGreaterThan(1);
      assertThat(analyzer.output()).doesNotContain("CROSSSLOT");
    }
  }

  @Test
  @DisplayName("slots of a live shard moved under load: only 503s with Retry-After, none lost, none twice")
  void reshardUnderLoad() {
    int from = cluster.ownerOf(shardKey(0));
    int to = cluster.ports().stream().filter(p -> p != from).findFirst().orElseThrow();
    SensorLoad load = new SensorLoad(platform, 8, ClusterStreamTest::packet);
    within(Duration.ofSeconds(30), () -> assertThat(load.accepted.get()).isGreaterThan(500));
    cluster.reshard(from, to, 16384 / 3 + 1); // all of its slots: redis-cli moves as many as the node has
    long acceptedAtMove = load.accepted.get();
    within(Duration.ofSeconds(30), () -> assertThat(load.accepted.get()).isGreaterThan(acceptedAtMove + 500));
    load.stop();

    assertThat(cluster.ownerOf(shardKey(0))).isEqualTo(to);
    assertThat(load.failures.keySet()).allMatch(answer -> answer.equals("HTTP 503"));
    assertEveryAcceptedStoredOnce(load.accepted.get());
  }

  @Test
  @DisplayName("a master killed: 503 (never 500) for its shard only, and ingest recovers when it returns")
  void masterKilled() {
    Map<Integer, String> conversationOfShard = conversations();
    int deadPort = cluster.ownerOf(shardKey(1));
    List<Integer> liveShards = List.of(0, 2).stream().filter(s -> cluster.ownerOf(shardKey(s)) != deadPort).toList();
    for (String p : conversationOfShard.values()) assertThat(platform.ingest(p).statusCode()).isEqualTo(200);

    cluster.kill(deadPort);
    within(Duration.ofSeconds(15), () -> {
      var answer = platform.ingest(conversationOfShard.get(1));
      assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(503);
      assertThat(answer.getHeader("Retry-After")).isNotNull();
    });
    for (int shard : liveShards) {
      assertThat(platform.ingest(conversationOfShard.get(shard)).statusCode()).as("shard " + shard).isEqualTo(200);
    }

    cluster.restart(deadPort);
    within(Duration.ofSeconds(30), () -> assertThat(platform.ingest(conversationOfShard.get(1)).statusCode())
        .isEqualTo(200));
    within(Duration.ofSeconds(60), () -> assertThat(platform.database.count(
        "SELECT count(*) FROM anomalies WHERE stream_id LIKE '%@1'")).isGreaterThanOrEqualTo(2));
  }

  @Test
  @Tag("detection")
  @DisplayName("the detectors keep their windows in the cluster: a port scan split over two requests is one alert")
  void detectionOnCluster() {
    for (int half = 0; half < 2; half++) {
      io.vertx.core.json.JsonArray packets = new io.vertx.core.json.JsonArray();
      for (int port = 1000 + 10 * half; port < 1010 + 10 * half; port++) {
        packets.add(new JsonObject().put("src_ip", "10.3.0.1").put("dst_ip", "10.3.0.2").put("protocol", "TCP")
            .put("dst_port", port).put("tcp_flags", 2));
      }
      var answer = platform.ingest(packets.encode());
      assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    }
    within(Duration.ofSeconds(60), () -> assertThat(platform.database.count("SELECT count(*) FROM alerts WHERE"
        + " detector = 'port_scan' AND alert_key = '10.3.0.1>10.3.0.2' AND packet_count = 20")).isEqualTo(1));
    assertThat(platform.rows()).isEqualTo(20);
  }

  /** One single-packet body per shard, found by the shard the platform's own rule picks. */
  Map<Integer, String> conversations() {
    io.netwatch.redis.StreamShards shards = new io.netwatch.redis.StreamShards(platform.stream, SHARDS);
    Map<Integer, String> bodies = new java.util.HashMap<>();
    for (int i = 0; bodies.size() < SHARDS; i++) {
      String src = "10.4.0." + i;
      bodies.putIfAbsent(shards.shardOf(src, "10.4.1.1"), new JsonObject().put("src_ip", src).put("dst_ip", "10.4.1.1")
          .put("protocol", "UDP").encode());
    }
    return bodies;
  }
}
