package io.netwatch.security;

import io.netwatch.PlatformVerticle;
import io.netwatch.testing.Await;
import io.netwatch.testing.BridgeSocket;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.netwatch.testing.Consistently.holdsFor;
import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/** Nothing let in: the bridge is receive-only, SQL stays data, limits hold, production needs real tokens. */
@DisplayName("Security: bridge inbound refused, SQL parameterised, limits, production tokens")
class SecurityTest {
  @Platform(deployed = true)
  static PlatformUnderTest platform;

  static JsonObject storeMessage(String streamId) {
    JsonObject anomaly = new JsonObject().put("stream_id", streamId).put("src_ip", "6.6.6.6").put("dst_ip", "7.7.7.7")
        .put("protocol", "TCP").put("src_port", 1).put("dst_port", 2).put("payload_len", 0).put("ttl", 64)
        .put("tcp_flags", 0).put("pkt_rate", 0.0).put("entropy", 0.0).put("score", 1.0).put("severity", "critical")
        .put("reasons", new JsonArray()).put("received_at", System.currentTimeMillis());
    return new JsonObject().put("anomalies", new JsonArray().add(anomaly));
  }

  @Test
  @DisplayName("a SockJS client can receive the live feed but not anomalies.new, and every send or publish is refused")
  void bridgeRefusesInbound() {
    // anomalies.new carries every committed batch (rows × browsers): it is never bridged.
    try (BridgeSocket socket = platform.bridge().register("anomalies.live", "anomalies.new")) {
      List<JsonObject> frames = socket.frames;
      List<String> addresses = List.of("anomaly.store", "anomaly.score", "anomalies.new", "anomalies.stats",
          "netwatch.platform.shutdown", "anything.else");
      for (String address : addresses) {
        for (String type : List.of("send", "publish")) {
          socket.write(new JsonObject().put("type", type).put("address", address)
              .put("body", storeMessage("bridge-" + type + "-" + address)).put("replyAddress", "reply-1"));
        }
      }
      within(Duration.ofSeconds(5), () -> assertThat(frames.stream()
          .filter(f -> "err".equals(f.getString("type"))
              && List.of("access_denied", "rejected").contains(f.getString("body"))).count())
          .as("frames: %s", frames).isEqualTo(addresses.size() * 2L + 1));

      // Receiving is allowed: a committed row reaches the socket.
      Await.result(platform.vertx.eventBus().request("anomaly.store", storeMessage("allowed-" + System.nanoTime())));
      within(Duration.ofSeconds(5), () -> assertThat(frames).anyMatch(f -> "rec".equals(f.getString("type"))
          && "anomalies.live".equals(f.getString("address"))
          && !f.getJsonObject("body").getJsonArray("anomalies").isEmpty()));

      // Had any refused send or publish reached anomaly.store, its row would show up.
      holdsFor(Duration.ofSeconds(1), () -> assertThat(
          platform.database.count("SELECT count(*) FROM anomalies WHERE stream_id LIKE 'bridge-%'")).isZero());
      assertThat(platform.get("/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("SQL metacharacters in every query parameter are data: stored literally or refused with 400")
  void sqlMetacharacters() {
    String evil = "x'); DROP TABLE anomalies; --";
    HttpResponse<Buffer> ingested = Await.result(platform.ingestRequest()
        .sendJsonObject(new JsonObject().put("src_ip", "10.3.3.3").put("dst_ip", "10.3.3.4").put("protocol", evil)));
    assertThat(ingested.statusCode()).isEqualTo(200);
    within(Duration.ofSeconds(10), () ->
        assertThat(platform.database.count("SELECT count(*) FROM anomalies WHERE protocol = ?", evil)).isEqualTo(1));

    for (String parameter : List.of("severity", "min_severity", "src_ip", "dst_ip", "since", "before_id", "limit")) {
      for (String value : List.of(evil, "' OR '1'='1", "1; DELETE FROM anomalies", "critical' --")) {
        HttpResponse<Buffer> response = platform.get(
            "/api/v1/anomalies?" + parameter + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(parameter + "=" + value).isEqualTo(400);
        assertThat(response.bodyAsJsonObject().getString("field")).isEqualTo(parameter);
      }
    }
    JsonObject listed = platform.get("/api/v1/anomalies?src_ip=10.3.3.3").bodyAsJsonObject();
    assertThat(listed.getJsonArray("anomalies").getJsonObject(0).getString("protocol")).isEqualTo(evil);
    assertThat(platform.rows()).isPositive();
  }

  @Test
  @DisplayName("oversized headers get 431, an oversized body 413, neither a 5xx")
  void limits() {
    HttpResponse<Buffer> bigHeader = Await.result(platform.ingestRequest()
        .putHeader("X-Padding", "a".repeat(20_000))
        .sendBuffer(Buffer.buffer("{}")));
    assertThat(bigHeader.statusCode()).isEqualTo(431);
    HttpResponse<Buffer> bigBody = Await.result(platform.web(HttpMethod.POST, "/api/v1/anomalies")
        .putHeader("X-Worker-Token", PlatformUnderTest.WORKER_TOKEN)
        .sendBuffer(Buffer.buffer("{\"payload_hex\":\"" + "ab".repeat(1_000_000) + "\"}")));
    assertThat(bigBody.statusCode()).isEqualTo(413);
  }

  @Test
  @DisplayName("with PLATFORM_ENV=production, a missing or short token stops start-up with a clear message")
  void productionNeedsRealTokens() {
    JsonObject noToken = platform.config().put("platform_env", "production").put("ingest_port", 0).put("web_port", 0);
    noToken.remove("ingestion_token");
    Throwable missing = Await.failure(platform.vertx.deployVerticle(new PlatformVerticle(Map.of()),
        new DeploymentOptions().setConfig(noToken)));
    assertThat(missing).isNotNull();
    assertThat(missing.getMessage()).contains("INGESTION_TOKEN").contains("production");

    JsonObject shortToken = noToken.copy().put("ingestion_token", "short-but-secret-value")
        .put("anomaly_worker_token", "w".repeat(40)).put("admin_token", "a".repeat(40));
    Throwable tooShort = Await.failure(platform.vertx.deployVerticle(new PlatformVerticle(Map.of()),
        new DeploymentOptions().setConfig(shortToken)));
    assertThat(tooShort).isNotNull();
    assertThat(tooShort.getMessage()).contains("INGESTION_TOKEN").contains("32").doesNotContain("short-but-secret-value");
  }
}
