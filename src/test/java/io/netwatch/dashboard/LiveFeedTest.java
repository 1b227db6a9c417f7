package io.netwatch.dashboard;

import io.netwatch.testing.Await;
import io.netwatch.testing.BridgeSocket;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/** What browsers are sent besides the live feed (see LiveFeedFanOutTest): per-second stats, and top talkers. */
@DisplayName("Live feed: anomalies.stats, GET /api/v1/stats")
class LiveFeedTest {
  @Platform(deployed = true)
  static PlatformUnderTest platform;

  static JsonObject row(int id, String severity) {
    return new JsonObject().put("id", id).put("stream_id", "t-" + id).put("src_ip", "10.0.0.1").put("dst_ip", "10.0.0.2")
        .put("severity", severity).put("score", 0.5);
  }

  @Test
  @DisplayName("anomalies.stats arrives about once a second with rates and totals by severity")
  void statsPublished() {
    try (BridgeSocket socket = platform.bridge().registerAndWait("anomalies.stats")) {
      List<JsonObject> frames = socket.frames;
      platform.vertx.eventBus().publish("anomalies.new", new JsonObject().put("anomalies",
          new JsonArray().add(row(1, "critical")).add(row(2, "low"))));
      within(Duration.ofSeconds(4), () -> assertThat(frames).anyMatch(f ->
          f.getJsonObject("body").getJsonObject("totals").getLong("critical") >= 1));
      JsonObject stats = frames.get(frames.size() - 1).getJsonObject("body");
      assertThat(stats.getJsonObject("per_severity").fieldNames()).containsExactlyInAnyOrder("low", "medium", "high",
          "critical");
      assertThat(stats.getLong("at")).isPositive();
      assertThat(stats.getValue("rows_per_s")).isInstanceOf(Number.class);
    }
  }

  @Test
  @DisplayName("GET /api/v1/stats: top talkers by anomalies in the last N minutes; 400 for a bad N")
  void topTalkers() {
    for (int i = 0; i < 3; i++) post("10.99.0.1", 4444);
    post("10.99.0.2", 4444);
    post("10.99.0.3", 53);
    within(Duration.ofSeconds(10), () -> {
      JsonObject stats = platform.get("/api/v1/stats?minutes=5").bodyAsJsonObject();
      JsonArray top = stats.getJsonArray("top_sources");
      assertThat(top.getJsonObject(0).getString("src_ip")).isEqualTo("10.99.0.1");
      assertThat(top.getJsonObject(0).getLong("count")).isEqualTo(3);
      assertThat(top.stream().map(t -> ((JsonObject) t).getString("src_ip"))).doesNotContain("10.99.0.3");
      assertThat(stats.getJsonObject("per_severity").getLong("medium")).isEqualTo(4);
    });
    for (String bad : List.of("0", "-1", "x", "100000")) {
      HttpResponse<Buffer> response = platform.get("/api/v1/stats?minutes=" + bad);
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getString("field")).isEqualTo("minutes");
    }
  }

  static void post(String srcIp, int port) {
    JsonObject packet = new JsonObject().put("src_ip", srcIp).put("dst_ip", "10.0.0.9").put("protocol", "UDP")
        .put("dst_port", port).put("ttl", 64);
    assertThat(Await.result(platform.ingestRequest().sendJsonObject(packet)).statusCode()).isEqualTo(200);
  }
}
