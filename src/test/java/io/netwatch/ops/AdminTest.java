package io.netwatch.ops;

import io.netwatch.testing.Await;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.netwatch.testing.Consistently.holdsFor;
import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/** The admin API and the config-file watch change a running platform without losing a packet. */
@DisplayName("Admin: list, redeploy with new config, invalid config refused, undeploy/deploy, file watch")
class AdminTest {
  /** Only the suspicious port fires: 0.30 with the default weights. */
  static final String PACKET = "{\"src_ip\":\"10.2.3.4\",\"dst_ip\":\"10.4.3.2\",\"protocol\":\"UDP\",\"dst_port\":4444,\"ttl\":64}";

  @Platform
  PlatformUnderTest platform;

  HttpRequest<Buffer> admin(HttpMethod method, String uri) {
    return platform.web(method, uri).putHeader("Authorization", "Bearer " + PlatformUnderTest.ADMIN_TOKEN);
  }

  int post() {
    return platform.ingest(PACKET).statusCode();
  }

  double latestScore() {
    JsonObject page = platform.get("/api/v1/anomalies?limit=1").bodyAsJsonObject();
    return page.getJsonArray("anomalies").getJsonObject(0).getDouble("score");
  }

  @Test
  @DisplayName("GET lists this node's verticles with secrets redacted; the token is required")
  void listsVerticles() {
    platform.deploy(platform.config().put("database_url",
        platform.database.url().replace("postgres@", "postgres:s3cret@")));
    assertThat(platform.get("/admin/verticles").statusCode()).isEqualTo(401);
    HttpResponse<Buffer> response = Await.result(admin(HttpMethod.GET, "/admin/verticles").send());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonArray nodes = response.bodyAsJsonObject().getJsonArray("nodes");
    assertThat(nodes).hasSize(1);
    JsonArray verticles = nodes.getJsonObject(0).getJsonArray("verticles");
    assertThat(verticles.stream().map(v -> ((JsonObject) v).getString("name")))
        .containsExactly("persistence", "scorer", "detector", "notifier", "stream-consumer", "dashboard", "ingest");
    String listed = response.bodyAsString();
    assertThat(listed).doesNotContain(PlatformUnderTest.INGEST_TOKEN, PlatformUnderTest.WORKER_TOKEN,
        PlatformUnderTest.ADMIN_TOKEN, "s3cret").contains("<redacted>");
  }

  @Test
  @DisplayName("PUT redeploys the scorer with new weights under load: no packet fails or is lost")
  void redeployUnderLoad() throws InterruptedException {
    platform.deploy();
    assertThat(post()).isEqualTo(200);
    within(Duration.ofSeconds(10), () -> assertThat(latestScore()).isEqualTo(0.3));

    AtomicBoolean loading = new AtomicBoolean(true);
    AtomicInteger accepted = new AtomicInteger(1);
    AtomicInteger failed = new AtomicInteger();
    Thread load = new Thread(() -> {
      while (loading.get()) {
        if (post() == 200) accepted.incrementAndGet(); else failed.incrementAndGet();
      }
    });
    load.start();
    JsonObject weights = new JsonObject().put("scoring", new JsonObject()
        .put("weights", new JsonObject().put("suspicious_port", 0.6)));
    HttpResponse<Buffer> response = Await.result(admin(HttpMethod.PUT, "/admin/verticles/scorer")
        .sendJsonObject(weights));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    within(Duration.ofSeconds(10), () -> assertThat(latestScore()).isEqualTo(0.6));

    HttpResponse<Buffer> invalid = Await.result(admin(HttpMethod.PUT, "/admin/verticles/scorer")
        .sendJsonObject(new JsonObject().put("scoring", new JsonObject().put("weights",
            new JsonObject().put("no_such_signal", 1)))));
    assertThat(invalid.statusCode()).isEqualTo(422);
    assertThat(invalid.bodyAsJsonObject().getString("error")).contains("no_such_signal");
    loading.set(false);
    load.join(10_000);
    assertThat(load.isAlive()).as("load thread stopped").isFalse();
    assertThat(post()).isEqualTo(200);
    accepted.incrementAndGet();
    within(Duration.ofSeconds(10), () -> assertThat(latestScore()).isEqualTo(0.6));

    assertThat(failed.get()).isZero();
    within(Duration.ofSeconds(20), () -> assertThat(platform.rows()).isEqualTo(accepted.get()));
    assertThat(Await.result(admin(HttpMethod.PUT, "/admin/verticles/nope").sendJsonObject(
        new JsonObject())).statusCode()).isEqualTo(404);
  }

  /** Sensors on kept-alive connections (one each), posting one packet per request, back to back. */
  static final class KeepAliveSensors {
    final List<WebClient> clients = new ArrayList<>();
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger closeAnswers = new AtomicInteger();
    final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    KeepAliveSensors(PlatformUnderTest platform, int count) {
      for (int i = 0; i < count; i++) {
        WebClient client = WebClient.create(platform.vertx, new WebClientOptions().setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(1));
        clients.add(client);
        post(client, platform);
      }
    }

    private void post(WebClient client, PlatformUnderTest platform) {
      if (!running.get()) return;
      inFlight.incrementAndGet();
      client.post(platform.ingestPort(), "127.0.0.1", "/ingest")
          .putHeader("Authorization", "Bearer " + PlatformUnderTest.INGEST_TOKEN)
          .sendBuffer(Buffer.buffer(PACKET))
          .onComplete(ar -> {
            if (ar.failed()) {
              failures.add("connection: " + ar.cause());
            } else if (ar.result().statusCode() != 200) {
              failures.add("status " + ar.result().statusCode() + ": " + ar.result().bodyAsString());
            } else {
              accepted.incrementAndGet();
              if ("close".equalsIgnoreCase(ar.result().getHeader("Connection"))) closeAnswers.incrementAndGet();
            }
            inFlight.decrementAndGet();
            post(client, platform);
          });
    }

    void awaitMore(int more) {
      int target = accepted.get() + more;
      within(Duration.ofSeconds(30), () -> assertThat(accepted.get()).as(failures.toString()).isGreaterThanOrEqualTo(target));
    }

    void stop() {
      running.set(false);
      within(Duration.ofSeconds(10), () -> assertThat(inFlight.get()).isZero());
      clients.forEach(WebClient::close);
    }
  }

  @Test
  @DisplayName("two ingest redeploys under keep-alive load: no request fails, every accepted packet is stored")
  void ingestRedeployDrains() {
    platform.deploy();
    KeepAliveSensors sensors = new KeepAliveSensors(platform, 8);
    sensors.awaitMore(500);
    for (int redeploy = 1; redeploy <= 2; redeploy++) {
      String before = deploymentId("ingest");
      HttpResponse<Buffer> response = Await.result(admin(HttpMethod.PUT, "/admin/verticles/ingest")
          .sendJsonObject(new JsonObject()));
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
      assertThat(deploymentId("ingest")).isNotEqualTo(before);
      sensors.awaitMore(500);
    }
    sensors.stop();
    System.out.printf("INGEST REDEPLOY DRAIN: 8 keep-alive sensors, 2 redeploys: %d accepted, %d failed,"
        + " %d answers with Connection: close%n", sensors.accepted.get(), sensors.failures.size(), sensors.closeAnswers.get());
    assertThat(sensors.failures).isEmpty();
    // Each sensor was kept alive on the old deployment until told to go: its last answer there said so.
    assertThat(sensors.closeAnswers.get()).isGreaterThanOrEqualTo(8);
    within(Duration.ofSeconds(30), () -> assertThat(platform.rows()).isEqualTo(sensors.accepted.get()));
  }

  @Test
  @DisplayName("DELETE undeploys ingest (its port stops answering), POST deploys it again")
  void undeployAndDeploy() {
    platform.deploy();
    int ingestPort = platform.ingestPort();
    assertThat(Await.result(admin(HttpMethod.DELETE, "/admin/verticles/ingest").send())
        .statusCode()).isEqualTo(200);
    Throwable refused = Await.failure(platform.http.post(ingestPort, "127.0.0.1", "/ingest").send());
    assertThat(refused).as("ingest port closed").isNotNull();
    HttpResponse<Buffer> deployed = Await.result(admin(HttpMethod.POST, "/admin/verticles/ingest")
        .sendJsonObject(new JsonObject().put("instances", 1)));
    assertThat(deployed.statusCode()).as(deployed.bodyAsString()).isEqualTo(201);
    assertThat(post()).isEqualTo(200);
  }

  @Test
  @DisplayName("a changed config file redeploys only the verticle whose config changed; an invalid file is ignored")
  void configFileWatch() throws Exception {
    Path file = Files.createTempFile("netwatch-", ".json");
    try {
      JsonArray verticles = new JsonArray();
      for (var entry : io.netwatch.config.DeploymentPlan.ALL_IN_ONE) {
        verticles.add(new JsonObject(new java.util.LinkedHashMap<>(entry)));
      }
      JsonObject config = platform.config().put("verticles", verticles);
      Files.writeString(file, config.encode());
      platform.deploy(config.copy().put("config_file", file.toString()));
      assertThat(post()).isEqualTo(200);
      within(Duration.ofSeconds(10), () -> assertThat(latestScore()).isEqualTo(0.3));
      String ingestBefore = deploymentId("ingest");
      String scorerBefore = deploymentId("scorer");

      Files.writeString(file, "{ not json");
      // The file is polled every 2 s: through at least one poll, nothing is redeployed and ingest goes on.
      holdsFor(Duration.ofSeconds(3), () -> assertThat(deploymentId("scorer")).isEqualTo(scorerBefore));
      assertThat(post()).isEqualTo(200);

      verticles.getJsonObject(1).put("config", new JsonObject().put("scoring", new JsonObject()
          .put("weights", new JsonObject().put("suspicious_port", 0.45))));
      Files.writeString(file, config.encode());
      within(Duration.ofSeconds(15), () -> {
        assertThat(post()).isEqualTo(200);
        assertThat(latestScore()).isEqualTo(0.45);
      });
      assertThat(deploymentId("scorer")).isNotEqualTo(scorerBefore);
      assertThat(deploymentId("ingest")).isEqualTo(ingestBefore);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  String deploymentId(String name) {
    JsonObject node = Await.result(admin(HttpMethod.GET, "/admin/verticles").send())
        .bodyAsJsonObject().getJsonArray("nodes").getJsonObject(0);
    return node.getJsonArray("verticles").stream().map(v -> (JsonObject) v)
        .filter(v -> name.equals(v.getString("name"))).map(v -> v.getString("deployment_id")).findFirst().orElse(null);
  }
}
