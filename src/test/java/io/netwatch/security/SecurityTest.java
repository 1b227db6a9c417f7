package io.netwatch.security;

import io.netwatch.PlatformVerticle;
import io.netwatch.testing.Await;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/** Nothing let in: the bridge is receive-only, SQL stays data, limits hold, production needs real tokens. */
@DisplayName("Security: bridge inbound refused, SQL parameterised, limits, production tokens")
class SecurityTest {
  static Vertx vertx;
  static PlatformUnderTest platform;
  static WebClient http;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    platform = new PlatformUnderTest(vertx).deploy();
    http = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() {
    http.close();
    platform.close();
    Await.result(vertx.close());
  }

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
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocket socket = Await.result(client.connect(platform.webPort, "127.0.0.1", "/eventbus/websocket"));
    List<JsonObject> frames = new CopyOnWriteArrayList<>();
    socket.handler(data -> frames.add(new JsonObject(data)));

    socket.writeTextMessage(new JsonObject().put("type", "register").put("address", "anomalies.live").encode());
    // Every committed batch, rows × browsers: never bridged.
    socket.writeTextMessage(new JsonObject().put("type", "register").put("address", "anomalies.new").encode());
    List<String> addresses = List.of("anomaly.store", "anomaly.score", "anomalies.new", "anomalies.stats",
        "netwatch.platform.shutdown", "anything.else");
    for (String address : addresses) {
      for (String type : List.of("send", "publish")) {
        socket.writeTextMessage(new JsonObject().put("type", type).put("address", address)
            .put("body", storeMessage("bridge-" + type + "-" + address)).put("replyAddress", "reply-1").encode());
      }
    }
    within(Duration.ofSeconds(5), () -> assertThat(frames.stream()
        .filter(f -> "err".equals(f.getString("type"))
            && List.of("access_denied", "rejected").contains(f.getString("body"))).count())
        .as("frames: %s", frames).isEqualTo(addresses.size() * 2L + 1));

    // Receiving is allowed: a committed row reaches the socket.
    Await.result(vertx.eventBus().request("anomaly.store", storeMessage("allowed-" + System.nanoTime())));
    within(Duration.ofSeconds(5), () -> assertThat(frames).anyMatch(f -> "rec".equals(f.getString("type"))
        && "anomalies.live".equals(f.getString("address"))
        && !f.getJsonObject("body").getJsonArray("anomalies").isEmpty()));

    assertThat(platform.database.count("SELECT count(*) FROM anomalies WHERE stream_id LIKE 'bridge-%'")).isZero();
    assertThat(Await.result(http.get(platform.webPort, "127.0.0.1", "/health").send()).statusCode()).isEqualTo(200);
    Await.result(socket.close());
    Await.result(client.close());
  }

  @Test
  @DisplayName("SQL metacharacters in every query parameter are data: stored literally or refused with 400")
  void sqlMetacharacters() {
    String evil = "x'); DROP TABLE anomalies; --";
    HttpResponse<Buffer> ingested = Await.result(http.post(platform.ingestPort, "127.0.0.1", "/ingest")
        .putHeader("Authorization", "Bearer " + PlatformUnderTest.INGEST_TOKEN)
        .sendJsonObject(new JsonObject().put("src_ip", "10.3.3.3").put("dst_ip", "10.3.3.4").put("protocol", evil)));
    assertThat(ingested.statusCode()).isEqualTo(200);
    within(Duration.ofSeconds(10), () ->
        assertThat(platform.database.count("SELECT count(*) FROM anomalies WHERE protocol = ?", evil)).isEqualTo(1));

    for (String parameter : List.of("severity", "min_severity", "src_ip", "dst_ip", "since", "before_id", "limit")) {
      for (String value : List.of(evil, "' OR '1'='1", "1; DELETE FROM anomalies", "critical' --")) {
        HttpResponse<Buffer> response = Await.result(http.get(platform.webPort, "127.0.0.1",
            "/api/v1/anomalies?" + parameter + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)).send());
        assertThat(response.statusCode()).as(parameter + "=" + value).isEqualTo(400);
        assertThat(response.bodyAsJsonObject().getString("field")).isEqualTo(parameter);
      }
    }
    JsonObject listed = Await.result(http.get(platform.webPort, "127.0.0.1", "/api/v1/anomalies?src_ip=10.3.3.3")
        .send()).bodyAsJsonObject();
    assertThat(listed.getJsonArray("anomalies").getJsonObject(0).getString("protocol")).isEqualTo(evil);
    assertThat(platform.rows()).isPositive();
  }

  @Test
  @DisplayName("oversized headers get 431, an oversized body 413, neither a 5xx")
  void limits() {
    HttpResponse<Buffer> bigHeader = Await.result(http.post(platform.ingestPort, "127.0.0.1", "/ingest")
        .putHeader("Authorization", "Bearer " + PlatformUnderTest.INGEST_TOKEN)
        .putHeader("X-Padding", "a".repeat(20_000))
        .sendBuffer(Buffer.buffer("{}")));
    assertThat(bigHeader.statusCode()).isEqualTo(431);
    HttpResponse<Buffer> bigBody = Await.result(http.post(platform.webPort, "127.0.0.1", "/api/v1/anomalies")
        .putHeader("X-Worker-Token", PlatformUnderTest.WORKER_TOKEN)
        .sendBuffer(Buffer.buffer("{\"payload_hex\":\"" + "ab".repeat(1_000_000) + "\"}")));
    assertThat(bigBody.statusCode()).isEqualTo(413);
  }

  @Test
  @DisplayName("with PLATFORM_ENV=production, a missing or short token stops start-up with a clear message")
  void productionNeedsRealTokens() {
    JsonObject noToken = platform.config().put("platform_env", "production").put("ingest_port", 0).put("web_port", 0);
    noToken.remove("ingestion_token");
    Throwable missing = Await.result(vertx.deployVerticle(new PlatformVerticle(Map.of()),
        new DeploymentOptions().setConfig(noToken)).transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause())));
    assertThat(missing).isNotNull();
    assertThat(missing.getMessage()).contains("INGESTION_TOKEN").contains("production");

    JsonObject shortToken = noToken.copy().put("ingestion_token", "short-but-secret-value")
        .put("anomaly_worker_token", "w".repeat(40)).put("admin_token", "a".repeat(40));
    Throwable tooShort = Await.result(vertx.deployVerticle(new PlatformVerticle(Map.of()),
        new DeploymentOptions().setConfig(shortToken)).transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause())));
    assertThat(tooShort).isNotNull();
    assertThat(tooShort.getMessage()).contains("INGESTION_TOKEN").contains("32").doesNotContain("short-but-secret-value");
  }
}
