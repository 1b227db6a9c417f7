package io.netwatch.reliability;

import io.netwatch.testing.Await;
import io.netwatch.testing.FaultyProxy;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
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

  @Platform
  PlatformUnderTest platform;
  /** Between the platform and Redis, and the platform and PostgreSQL; closed with the platform's Vert.x. */
  FaultyProxy redisProxy;
  FaultyProxy pgProxy;
  int accepted;

  @BeforeEach
  void setUp() {
    URI redis = URI.create(io.netwatch.testing.TestDatastores.redisUrl());
    redisProxy = new FaultyProxy(platform.vertx, redis.getHost(), redis.getPort() < 0 ? 6379 : redis.getPort());
    var pg = platform.database.server();
    pgProxy = new FaultyProxy(platform.vertx, pg.getHostString(), pg.getPort());
    platform.deploy(platform.config()
        .put("redis_url", "redis://127.0.0.1:" + redisProxy.port)
        .put("database_url", platform.database.urlThroughPort(pgProxy.port))
        .put("redis_timeout_ms", 1_000)
        .put("claim_idle_ms", 5_000));
  }

  /** The platform shuts down with its datastores reachable. */
  @AfterEach
  void restoreDatastores() {
    redisProxy.restore();
    pgProxy.restore();
  }

  HttpResponse<Buffer> post(int port) {
    HttpResponse<Buffer> response = Await.result(platform.ingestRequest()
        .timeout(10_000)
        .sendBuffer(Buffer.buffer(PACKET.formatted(port))), 15);
    if (response.statusCode() == 200) accepted++;
    return response;
  }

  /** Posts packets that must each be accepted, numbering their ports from the given one. */
  void postAccepted(int count, int firstPort) {
    for (int i = 0; i < count; i++) assertThat(post(firstPort + i).statusCode()).isEqualTo(200);
  }

  /** Posts packets that must each be turned away with a 503 fast, not hang. */
  void postTurnedAway(int count, int firstPort) {
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      HttpResponse<Buffer> response = post(firstPort + i);
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.getHeader("Retry-After")).isEqualTo("1");
      assertThat(response.bodyAsJsonObject().getString("error")).isNotBlank();
      assertThat(tookMs).isLessThan(2_500);
    }
  }

  int readiness() {
    return platform.get("/ready").statusCode();
  }

  @Test
  @DisplayName("Redis down: 503 with Retry-After at once; back by itself; every accepted packet stored once")
  void redisDown() {
    postAccepted(20, 0);

    redisProxy.cut();
    postTurnedAway(5, 100);
    assertThat(readiness()).isEqualTo(503);

    redisProxy.restore();
    within(Duration.ofSeconds(15), () -> assertThat(post(200).statusCode()).isEqualTo(200));
    within(Duration.ofSeconds(10), () -> assertThat(readiness()).isEqualTo(200));
    postAccepted(20, 300);

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
    postTurnedAway(3, 10);
    redisProxy.restore();
    within(Duration.ofSeconds(20), () -> assertThat(post(20).statusCode()).isEqualTo(200));
    within(Duration.ofSeconds(30), () -> assertThat(platform.rows()).isEqualTo(accepted));
  }

  @Test
  @DisplayName("PostgreSQL down: ingest still accepts, nothing is acknowledged, all stored once it returns")
  void postgresDown() {
    postAccepted(10, 0);
    within(Duration.ofSeconds(10), () -> assertThat(platform.rows()).isEqualTo(10));

    pgProxy.cut();
    postAccepted(30, 100);
    within(Duration.ofSeconds(10), () -> assertThat(platform.pendingCount()).isPositive());
    JsonObject ready = platform.get("/ready").bodyAsJsonObject();
    assertThat(ready.getString("outcome")).isEqualTo("DOWN");

    pgProxy.restore();
    within(Duration.ofSeconds(30), () -> {
      assertThat(platform.rows()).isEqualTo(accepted);
      assertThat(platform.pendingCount()).isZero();
    });
    assertThat(platform.database.count("SELECT count(DISTINCT stream_id) FROM anomalies")).isEqualTo(accepted);
  }
}
