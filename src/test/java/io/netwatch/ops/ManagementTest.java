package io.netwatch.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netwatch.testing.Await;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.netwatch.testing.ScratchRedis;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each node answers /health and /ready for itself on its management port, checking what its verticles use,
 * and says at start whether the Redis in use persists what ingest accepts. (/metrics needs the registry
 * the launcher sets up: see {@link MetricsLintTest} and ClusterTest, which use separate JVMs.)
 */
@DisplayName("Management endpoints: /health and /ready per node; Redis durability at start and in /ready")
class ManagementTest {
  static final String LONG = "-0123456789abcdef0123456789abcdef";

  @Platform
  PlatformUnderTest platform;
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  final Logger nodeManagement = (Logger) LoggerFactory.getLogger("io.netwatch.NodeManagement");

  @BeforeEach
  void captureLogs() {
    logs.start();
    nodeManagement.addAppender(logs);
  }

  @AfterEach
  void stopCapturing() {
    nodeManagement.detachAppender(logs);
  }

  HttpResponse<Buffer> management(String uri) {
    return Await.result(platform.http.get(platform.managementPort(), "127.0.0.1", uri).send(), 10);
  }

  /** The checks of a /ready answer, by id. */
  static Map<String, JsonObject> checks(HttpResponse<Buffer> ready) {
    return ready.bodyAsJsonObject().getJsonArray("checks").stream().map(JsonObject.class::cast)
        .collect(Collectors.toMap(check -> check.getString("id"), Function.identity()));
  }

  List<ILoggingEvent> durabilityLines() {
    return logs.list.stream().filter(e -> e.getFormattedMessage().contains("Redis")).toList();
  }

  @Test
  @DisplayName("an ingest node: its own server, /ready checks Redis (with its durability) and the backlog only")
  void ingestNode() {
    platform.deployOnly(platform.config(), "ingest");
    assertThat(platform.managementPort()).isNotEqualTo(platform.ingestPort());
    assertThat(management("/health").bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "UP"));
    HttpResponse<Buffer> ready = management("/ready");
    assertThat(ready.statusCode()).as(ready.bodyAsString()).isEqualTo(200);
    Map<String, JsonObject> checks = checks(ready);
    assertThat(checks).containsOnlyKeys("redis", "stream-backlog");
    assertThat(checks.get("redis").getJsonObject("data").getString("persists")).isIn("yes", "no");
    assertThat(checks.get("redis").getJsonObject("data").getString("guarantee")).isNotBlank();
  }

  @Test
  @DisplayName("an analyzer node: its own server, /ready checks Redis and PostgreSQL only")
  void analyzerNode() {
    platform.deployOnly(platform.config(), "persistence", "scorer", "detector", "stream-consumer");
    assertThat(management("/health").statusCode()).isEqualTo(200);
    HttpResponse<Buffer> ready = management("/ready");
    assertThat(ready.statusCode()).as(ready.bodyAsString()).isEqualTo(200);
    assertThat(checks(ready)).containsOnlyKeys("redis", "postgres", "detection");
    assertThat(checks(ready).get("detection").getJsonObject("data").getString("mode")).isEqualTo("normal");
  }

  @Test
  @DisplayName("with the dashboard and no MANAGEMENT_PORT, the web port is the management port; the node list has it")
  void onTheDashboard() {
    JsonObject config = platform.config();
    config.remove("management_port");
    platform.deploy(config);
    assertThat(platform.managementPort()).isEqualTo(platform.webPort());
    assertThat(checks(management("/ready"))).containsOnlyKeys("redis", "postgres", "stream-backlog", "verticles",
        "detection");
    JsonArray nodes = Await.result(platform.web(io.vertx.core.http.HttpMethod.GET, "/admin/verticles")
        .putHeader("Authorization", "Bearer " + PlatformUnderTest.ADMIN_TOKEN).send()).bodyAsJsonObject()
        .getJsonArray("nodes");
    assertThat(nodes.getJsonObject(0).getString("management")).isEqualTo("localhost:" + platform.webPort());
  }

  @Test
  @DisplayName("production and a Redis that does not persist: a WARN with !!! at start; /ready says persists: no")
  void productionWithoutPersistence() {
    try (ScratchRedis redis = ScratchRedis.start("appendonly no", "save \"\"")) {
      ILoggingEvent line = startIngestInProduction(redis);
      assertThat(line.getLevel()).isEqualTo(Level.WARN);
      assertThat(line.getFormattedMessage()).startsWith("!!! PLATFORM_ENV=production and Redis does not persist")
          .contains("appendonly yes").doesNotContain(redis.url(), LONG);
      JsonObject data = checks(management("/ready")).get("redis").getJsonObject("data");
      assertThat(data.getString("persists")).isEqualTo("no");
      assertThat(data.getString("mode")).isEqualTo("none");
    }
  }

  @Test
  @DisplayName("production and a Redis with an AOF: an INFO line saying what a crash costs, no warning")
  void productionWithAof() {
    try (ScratchRedis redis = ScratchRedis.start("appendonly yes", "appendfsync everysec")) {
      ILoggingEvent line = startIngestInProduction(redis);
      assertThat(line.getLevel()).isEqualTo(Level.INFO);
      assertThat(line.getFormattedMessage())
          .isEqualTo("Redis persistence: aof: at most about 1 s of accepted packets is lost on a Redis crash"
              + " (appendfsync everysec)");
    }
  }

  @Test
  @DisplayName("a Redis whose CONFIG is disabled: durability unknown, and the node is still ready")
  void configDisabled() {
    try (ScratchRedis redis = ScratchRedis.start("rename-command CONFIG \"\"")) {
      platform.deployOnly(platform.config().put("redis_url", redis.url()), "ingest");
      HttpResponse<Buffer> ready = management("/ready");
      assertThat(ready.statusCode()).as(ready.bodyAsString()).isEqualTo(200);
      assertThat(checks(ready).get("redis").getJsonObject("data").getString("persists")).isEqualTo("unknown");
    }
  }

  /** Deploys an ingest node on that Redis with PLATFORM_ENV=production; returns the line about Redis's durability. */
  ILoggingEvent startIngestInProduction(ScratchRedis redis) {
    platform.deployOnly(productionConfig(redis), "ingest");
    within(Duration.ofSeconds(10), () -> assertThat(durabilityLines()).isNotEmpty());
    return durabilityLines().get(0);
  }

  JsonObject productionConfig(ScratchRedis redis) {
    return platform.config().put("redis_url", redis.url()).put("platform_env", "production")
        .put("ingestion_token", "ingest" + LONG).put("anomaly_worker_token", "worker" + LONG)
        .put("admin_token", "admin" + LONG).put("viewer_token", "viewer" + LONG);
  }
}
