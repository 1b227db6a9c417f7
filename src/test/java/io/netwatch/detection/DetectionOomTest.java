package io.netwatch.detection;

import io.netwatch.testing.Await;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Detection state in a Redis of its own (DETECTION_REDIS_URL) that is full: ingest and storage go on. Needs the
 * machine's redis-server 7 (the embedded 6.2 lets a script write past maxmemory); skipped without it unless
 * {@code -Dredis7.required=true}.
 */
@DisplayName("Detection state at Redis's maxmemory: packets accepted, stored and acknowledged; detection degrades")
class DetectionOomTest {
  @Platform
  PlatformUnderTest platform;
  Path dir;
  Process server;

  String url() {
    return "unix://" + dir.resolve("redis.sock");
  }

  void startRedis7() throws Exception {
    boolean required = Boolean.getBoolean("redis7.required");
    Path binary = Stream.of(System.getenv("PATH").split(":")).map(p -> Path.of(p, "redis-server"))
        .filter(Files::isExecutable).findFirst().orElse(null);
    Assumptions.assumeTrue(binary != null || required, "no redis-server on PATH: skipped");
    dir = Files.createTempDirectory("netwatch-oom-");
    server = new ProcessBuilder(binary.toString(), "--port", "0", "--unixsocket", dir.resolve("redis.sock").toString(),
        "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--maxmemory-policy", "noeviction")
        .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
    within(Duration.ofSeconds(10), () -> assertThat(dir.resolve("redis.sock")).exists());
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.destroy();
      server.waitFor();
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  @DisplayName("a scan while the detection Redis refuses writes: 200s, every row stored, no 500, /ready says emergency")
  void fullDetectionRedis() throws Exception {
    startRedis7();
    Redis filler = Redis.createClient(platform.vertx, url());
    // A limit below what the server already uses: every write (the windows' script) is refused with OOM.
    Await.result(filler.send(Request.cmd(Command.CONFIG).arg("SET").arg("maxmemory").arg(1)));
    filler.close();

    platform.deploy(platform.config().put("detection_redis_url", url()));
    List<JsonObject> scan = new ArrayList<>();
    for (int port = 1000; port < 1020; port++) scan.add(DetectionTest.packet("10.70.0.1", "10.70.0.2", port, DetectionTest.SYN));
    HttpResponse<Buffer> response = platform.ingest(new JsonArray(List.copyOf(scan)).encode());
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);

    within(Duration.ofSeconds(20), () -> assertThat(platform.allAcknowledged()).isTrue());
    assertThat(platform.database.count("SELECT count(*) FROM anomalies WHERE src_ip = '10.70.0.1'")).isEqualTo(20);
    assertThat(platform.redis(Request.cmd(Command.KEYS).arg("{det:" + platform.stream + ":*")).size())
        .as("detection state in the stream's Redis").isZero();
    assertThat(platform.database.count("SELECT count(*) FROM alerts WHERE detector <> 'packet'"))
        .as(platform.database.text("SELECT string_agg(detector || ' ' || alert_key, ', ') FROM alerts")).isZero();
    JsonObject ready = Await.result(platform.http.request(HttpMethod.GET, platform.managementPort(), "127.0.0.1",
        "/ready").send(), 10).bodyAsJsonObject();
    JsonObject detection = ready.getJsonArray("checks").stream().map(c -> (JsonObject) c)
        .filter(c -> c.getString("id").equals("detection")).findFirst().orElseThrow().getJsonObject("data");
    assertThat(detection.getString("mode")).isEqualTo("emergency");
  }
}
