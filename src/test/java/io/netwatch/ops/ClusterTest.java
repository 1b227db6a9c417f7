package io.netwatch.ops;

import io.netwatch.testing.Await;
import io.netwatch.testing.BridgeSocket;
import io.netwatch.testing.ChildPlatform;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three JVMs on a clustered event bus (Hazelcast, TCP-IP on 127.0.0.1): ingest on one, the analyzer
 * on another, the dashboard on a third. A packet crosses all three; each node serves /health, /ready and
 * /metrics for itself on its management port (ingest and analyzer on a server of their own, the dashboard
 * on its web port); the admin API on the dashboard node lists every node with its management address and
 * redeploys the scorer on the analyzer node.
 */
@Tag("slow")
@DisplayName("Cluster: ingest, analyzer and dashboard nodes in three JVMs")
class ClusterTest {
  static final String PACKET = "{\"src_ip\":\"10.11.12.13\",\"dst_ip\":\"10.13.12.11\",\"protocol\":\"UDP\","
      + "\"dst_port\":4444,\"ttl\":64}";

  @Platform
  PlatformUnderTest platform;
  final List<ChildPlatform> nodes = new ArrayList<>();
  Path clusterXml;

  @BeforeEach
  void setUp() throws Exception {
    // A cluster of its own: another name and port range, so it never joins a platform running here.
    int basePort = 6100 + (int) (Math.random() * 400);
    clusterXml = Path.of("target", "cluster-test-" + UUID.randomUUID() + ".xml");
    Files.writeString(clusterXml, Files.readString(Path.of("conf", "cluster.xml"))
        .replace("<cluster-name>netwatch</cluster-name>", "<cluster-name>netwatch-test-" + basePort + "</cluster-name>")
        .replace(">5701</port>", ">" + basePort + "</port>"));
  }

  @AfterEach
  void tearDown() throws Exception {
    nodes.forEach(ChildPlatform::close);
    Files.deleteIfExists(clusterXml);
  }

  ChildPlatform node(String name, String... verticles) {
    JsonObject config = platform.config().put("verticles", PlatformUnderTest.verticles(verticles))
        .put("thread_count", 1);
    // As in conf/nodes: the dashboard node serves /health, /ready and /metrics on its web port.
    if (List.of(verticles).contains("dashboard")) config.remove("management_port");
    ChildPlatform node = new ChildPlatform(name, config,
        List.of("-Dvertx.hazelcast.config=" + clusterXml.toAbsolutePath()),
        List.of("-cluster", "-cluster-host", "127.0.0.1"));
    nodes.add(node);
    return node;
  }

  HttpRequest<Buffer> admin(HttpMethod method, int webPort, String uri) {
    return platform.http.request(method, webPort, "127.0.0.1", uri)
        .putHeader("Authorization", "Bearer " + PlatformUnderTest.ADMIN_TOKEN);
  }

  HttpResponse<Buffer> get(int port, String uri) {
    return Await.result(platform.http.get(port, "127.0.0.1", uri).send());
  }

  @Test
  @DisplayName("a packet ingested on one node is stored by another and reaches a SockJS client on a third;"
      + " every node is observable")
  void packetCrossesTheCluster() {
    // One after the other: members that start at the same instant can form separate clusters at first.
    ChildPlatform analyzer = node("analyzer", "persistence", "scorer", "detector", "notifier", "stream-consumer").awaitStarted();
    ChildPlatform ingest = node("ingest", "ingest").awaitStarted();
    int ingestPort = ingest.ingestPort();
    ChildPlatform dashboard = node("dashboard", "dashboard").awaitStarted();
    int webPort = dashboard.webPort();

    try (BridgeSocket socket = new BridgeSocket(platform.vertx, webPort).register("anomalies.live")) {
      // The cluster may still be forming: post until the row arrives on the dashboard node's bridge.
      List<String> ids = new CopyOnWriteArrayList<>();
      within(Duration.ofSeconds(30), () -> {
        HttpResponse<Buffer> response = Await.result(platform.ingestRequest(ingestPort)
            .sendBuffer(Buffer.buffer(PACKET)));
        assertThat(response.statusCode()).isEqualTo(200);
        ids.add(response.bodyAsJsonObject().getString("id"));
        Await.result(platform.vertx.timer(300));
        assertThat(socket.frames).anyMatch(frame -> "anomalies.live".equals(frame.getString("address"))
            && frame.getJsonObject("body").getJsonArray("anomalies").stream()
            .anyMatch(row -> ids.contains(((JsonObject) row).getString("stream_id"))));
      });
    }

    JsonArray listed = Await.result(admin(HttpMethod.GET, webPort, "/admin/verticles").send()).bodyAsJsonObject()
        .getJsonArray("nodes");
    assertThat(listed).hasSize(3);
    everyNodeIsObservable(listed, Map.of("ingest", ingest, "stream-consumer", analyzer, "dashboard", dashboard));

    HttpResponse<Buffer> redeployed = Await.result(admin(HttpMethod.PUT, webPort, "/admin/verticles/scorer")
        .sendJsonObject(new JsonObject().put("scoring", new JsonObject().put("weights",
            new JsonObject().put("suspicious_port", 0.6)))));
    assertThat(redeployed.statusCode()).as(redeployed.bodyAsString()).isEqualTo(200);
    within(Duration.ofSeconds(20), () -> {
      assertThat(Await.result(platform.ingestRequest(ingestPort).sendBuffer(Buffer.buffer(PACKET))).statusCode())
          .isEqualTo(200);
      Await.result(platform.vertx.timer(300));
      JsonObject latest = Await.result(platform.http.get(webPort, "127.0.0.1", "/api/v1/anomalies?limit=1").send())
          .bodyAsJsonObject().getJsonArray("anomalies").getJsonObject(0);
      assertThat(latest.getDouble("score")).isEqualTo(0.6);
    });
  }

  /**
   * Each node's management endpoint (read back from its log) answers /health and /ready with the checks of
   * what it runs, and /metrics with its own JVM's meters; the admin API lists it as the cluster host and
   * that port. {@code byVerticle}: a verticle each node runs, and the node.
   */
  void everyNodeIsObservable(JsonArray listed, Map<String, ChildPlatform> byVerticle) {
    Map<String, Set<String>> checks = Map.of("ingest", Set.of("redis", "stream-backlog"),
        "stream-consumer", Set.of("redis", "postgres", "detection"),
        "dashboard", Set.of("redis", "postgres", "stream-backlog", "verticles", "detection"));
    Map<String, List<String>> meters = Map.of(
        "ingest", List.of("netwatch_ingest_requests_total{status=\"200\"}", "netwatch_ingest_packets_total"),
        "stream-consumer", List.of("netwatch_persistence_rows_total", "netwatch_stream_acknowledged_total",
            "netwatch_pipeline_latency_seconds_count", "netwatch_stream_backlog{"),
        "dashboard", List.of("vertx_eventbus_handlers", "jvm_memory_used_bytes"));
    Map<String, String> addresses = new HashMap<>();
    for (Object node : listed) {
      JsonObject entry = (JsonObject) node;
      entry.getJsonArray("verticles").forEach(v -> addresses.put(((JsonObject) v).getString("name"),
          entry.getString("management")));
    }
    byVerticle.forEach((verticle, node) -> {
      int port = node.managementPort();
      assertThat(addresses.get(verticle)).as(verticle).isEqualTo("127.0.0.1:" + port);
      assertThat(get(port, "/health").statusCode()).as(verticle).isEqualTo(200);
      within(Duration.ofSeconds(20), () -> {
        HttpResponse<Buffer> ready = get(port, "/ready");
        assertThat(ready.statusCode()).as(verticle + ": " + ready.bodyAsString()).isEqualTo(200);
        assertThat(ready.bodyAsJsonObject().getJsonArray("checks").stream()
            .map(check -> ((JsonObject) check).getString("id"))).as(verticle)
            .containsExactlyInAnyOrderElementsOf(checks.get(verticle));
      });
      String metrics = get(port, "/metrics").bodyAsString();
      assertThat(metrics).as(verticle).contains(meters.get(verticle));
      // Its own JVM only: no other role's meters (the dashboard answers the ingest route too, as the old
      // system's single port did, so it has ingest meters of its own; the analyzer has none).
      if (verticle.equals("stream-consumer")) assertThat(metrics).as(verticle).doesNotContain("netwatch_ingest_");
      if (!verticle.equals("stream-consumer")) assertThat(metrics).as(verticle).doesNotContain("netwatch_persistence_");
    });
    assertThat(byVerticle.get("dashboard").managementPort()).isEqualTo(byVerticle.get("dashboard").webPort());
  }
}
