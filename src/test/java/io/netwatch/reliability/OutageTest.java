package io.netwatch.reliability;

import io.netwatch.testing.Await;
import io.netwatch.testing.FaultyProxy;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis and PostgreSQL fail under the platform, through a proxy that the test cuts and hangs: ingest
 * answers 503 in bounded time, everything resumes by itself, and every accepted packet is stored once.
 */
@DisplayName("Outages: Redis down or hung, PostgreSQL down")
class OutageTest {
  static final String PACKET = "{\"src_ip\":\"10.9.9.9\",\"dst_ip\":\"10.8.8.8\",\"protocol\":\"TCP\",\"dst_port\":%d}";

  Vertx vertx;
  PlatformUnderTest platform;
  FaultyProxy redisProxy;
  FaultyProxy pgProxy;
  WebClient http;
  int accepted;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    platform = new PlatformUnderTest(vertx);
    URI redis = URI.create(io.netwatch.testing.TestDatastores.redisUrl());
    redisProxy = new FaultyProxy(vertx, redis.getHost(), redis.getPort() < 0 ? 6379 : redis.getPort());
    var pg = platform.database.server();
    pgProxy = new FaultyProxy(vertx, pg.getHostString(), pg.getPort());
    platform.deploy(platform.config()
        .put("redis_url", "redis://127.0.0.1:" + redisProxy.port)
        .put("database_url", platform.database.urlThroughPort(pgProxy.port))
        .put("redis_timeout_ms", 1_000)
        .put("claim_idle_ms", 5_000));
    http = WebClient.create(vertx, new WebClientOptions().setIdleTimeout(0));
  }

  @AfterEach
  void tearDown() {
    redisProxy.restore();
    pgProxy.restore();
    http.close();
    platform.close();
    redisProxy.close();
    pgProxy.close();
    Await.result(vertx.close());
  }

  HttpResponse<Buffer> post(int port) {
    HttpResponse<Buffer> response = Await.result(http.post(platform.ingestPort, "127.0.0.1", "/ingest")
        .putHeader("Authorization", "Bearer " + PlatformUnderTest.INGEST_TOKEN)
        .timeout(10_000)
        .sendBuffer(Buffer.buffer(PACKET.formatted(port))), 15);
    if (response.statusCode() == 200) accepted++;
    return response;
  }

  @Test
  @DisplayName("Redis down: 503 with Retry-After at once; back by itself; every accepted packet stored once")
  void redisDown() {
    for (int i = 0; i < 20; i++) assertThat(post(i).statusCode()).isEqualTo(200);

    redisProxy.cut();
    for (int i = 0; i < 5; i++) {
      long start = System.nanoTime();
      HttpResponse<Buffer> response = post(100 + i);
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.getHeader("Retry-After")).isEqualTo("1");
      assertThat(response.bodyAsJsonObject().getString("error")).isNotBlank();
      assertThat(tookMs).isLessThan(2_500);
    }
    assertThat(Await.result(http.get(platform.webPort, "127.0.0.1", "/ready").send()).statusCode()).isEqualTo(503);

    redisProxy.restore();
    within(Duration.ofSeconds(15), () -> assertThat(post(200).statusCode()).isEqualTo(200));
    within(Duration.ofSeconds(10), () -> assertThat(Await.result(http.get(platform.webPort, "127.0.0.1", "/ready")
        .send()).statusCode()).isEqualTo(200));
    for (int i = 0; i < 20; i++) assertThat(post(300 + i).statusCode()).isEqualTo(200);

    within(Duration.ofSeconds(30), () -> {
      assertThat(platform.rows()).isEqualTo(accepted);
      assertThat(platform.pendingCount()).isZero();
    });
  }

  @Test
  @DisplayName("Redis hung (accepts, never answers): 503 within the command deadline, no hanging request")
  void redisHung() {
    assertThat(post(1).statusCode()).isEqualTo(200);
    redisProxy.hang();
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      HttpResponse<Buffer> response = post(10 + i);
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(tookMs).isLessThan(2_500);
    }
    redisProxy.restore();
    within(Duration.ofSeconds(20), () -> assertThat(post(20).statusCode()).isEqualTo(200));
    within(Duration.ofSeconds(30), () -> assertThat(platform.rows()).isEqualTo(accepted));
  }

  @Test
  @DisplayName("PostgreSQL down: ingest still accepts, nothing is acknowledged, all stored once it returns")
  void postgresDown() {
    for (int i = 0; i < 10; i++) assertThat(post(i).statusCode()).isEqualTo(200);
    within(Duration.ofSeconds(10), () -> assertThat(platform.rows()).isEqualTo(10));

    pgProxy.cut();
    for (int i = 0; i < 30; i++) assertThat(post(100 + i).statusCode()).isEqualTo(200);
    within(Duration.ofSeconds(10), () -> assertThat(platform.pendingCount()).isPositive());
    JsonObject ready = Await.result(http.get(platform.webPort, "127.0.0.1", "/ready").send()).bodyAsJsonObject();
    assertThat(ready.getString("outcome")).isEqualTo("DOWN");

    pgProxy.restore();
    within(Duration.ofSeconds(30), () -> {
      assertThat(platform.rows()).isEqualTo(accepted);
      assertThat(platform.pendingCount()).isZero();
    });
    assertThat(platform.database.count("SELECT count(DISTINCT stream_id) FROM anomalies")).isEqualTo(accepted);
  }
}
