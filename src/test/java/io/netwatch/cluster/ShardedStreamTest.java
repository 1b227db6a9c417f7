package io.netwatch.cluster;

import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/** STREAM_SHARDS=3 on one Redis: the whole pipeline over three stream keys. */
@DisplayName("Sharded stream on one server: split batches, one shard per conversation, every row stored once")
class ShardedStreamTest {
  static final int SHARDS = 3;

  @Platform
  PlatformUnderTest platform;

  List<String> keys() {
    return List.of("{" + platform.stream + ":0}", "{" + platform.stream + ":1}", "{" + platform.stream + ":2}");
  }

  @AfterEach
  void deleteShards() {
    for (String key : keys()) platform.redis(Request.cmd(Command.DEL).arg(key).arg(key + ":dead"));
  }

  static JsonObject packet(String src, String dst) {
    return new JsonObject().put("src_ip", src).put("dst_ip", dst).put("protocol", "TCP").put("dst_port", 4444)
        .put("tcp_flags", 2);
  }

  long entriesAdded(String key) {
    return platform.redis(Request.cmd(Command.XINFO).arg("STREAM").arg(key)).get("entries-added").toLong();
  }

  @Test
  @DisplayName("a batch is split over the shards, each packet stored exactly once, stream ids tagged by shard")
  void batchSplitOverShards() {
    platform.deploy(platform.config().put("stream_shards", SHARDS));
    JsonArray batch = new JsonArray();
    for (int i = 0; i < 60; i++) batch.add(packet("10.9.0." + i, "10.8.0." + (i % 5)));
    HttpResponse<Buffer> reply = platform.ingest(batch.encode());
    assertThat(reply.statusCode()).as(reply.bodyAsString()).isEqualTo(200);
    assertThat(reply.bodyAsJsonObject().getInteger("accepted")).isEqualTo(60);

    within(Duration.ofSeconds(20), () -> {
      assertThat(platform.rows()).isEqualTo(60);
      assertThat(platform.database.count("SELECT count(DISTINCT stream_id) FROM anomalies")).isEqualTo(60);
    });
    long total = 0;
    for (String key : keys()) {
      assertThat(entriesAdded(key)).as(key).isPositive();
      total += entriesAdded(key);
    }
    assertThat(total).isEqualTo(60);
    assertThat(platform.redis(Request.cmd(Command.EXISTS).arg(platform.stream)).toLong())
        .as("no entry in the unsharded key").isZero();
    assertThat(platform.database.count("SELECT count(*) FROM anomalies WHERE stream_id ~ '^[0-9]+-[0-9]+@[0-2]$'"))
        .isEqualTo(60);
  }

  @Test
  @DisplayName("both directions of a conversation land in one shard; /ready reports each shard")
  void conversationInOneShard() {
    platform.deploy(platform.config().put("stream_shards", SHARDS));
    for (int i = 0; i < 5; i++) {
      assertThat(platform.ingest(packet("10.7.0.1", "10.7.0.2").encode()).statusCode()).isEqualTo(200);
      assertThat(platform.ingest(packet("10.7.0.2", "10.7.0.1").encode()).statusCode()).isEqualTo(200);
    }
    within(Duration.ofSeconds(20), () -> assertThat(platform.rows()).isEqualTo(10));
    Set<String> tags = new HashSet<>();
    for (String id : platform.database.text("SELECT string_agg(stream_id, ',') FROM anomalies").split(",")) {
      tags.add(id.substring(id.indexOf('@')));
    }
    assertThat(tags).hasSize(1);

    within(Duration.ofSeconds(10), () -> {
      JsonObject ready = platform.get("/ready").bodyAsJsonObject();
      JsonObject backlog = ready.getJsonArray("checks").stream().map(JsonObject.class::cast)
          .filter(check -> "stream-backlog".equals(check.getString("id"))).findFirst().orElseThrow();
      assertThat(backlog.getJsonObject("data").getJsonArray("shards")).hasSize(SHARDS);
    });
  }
}
