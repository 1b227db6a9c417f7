package io.netwatch.sensors;

import io.netwatch.testing.ChildPlatform;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on a clustered event bus (two JVMs, Hazelcast on 127.0.0.1, as ClusterTest forms them): the admin API
 * on one, an ingest node of its own beside it. A registration, a rotation and a revocation made on the first reach
 * the second's token snapshot within a second (sensors.changed on the bus; its periodic reload is 10 s).
 */
@Tag("slow")
@DisplayName("Sensors across two nodes: registration, rotation and revocation reach the other node within 1 s")
class SensorClusterTest {
  static final Duration CONTRACT = Duration.ofSeconds(1);

  @Platform
  PlatformUnderTest platform;
  final List<ChildPlatform> nodes = new ArrayList<>();
  Path clusterXml;

  @BeforeEach
  void clusterOfItsOwn() throws Exception {
    int basePort = 6500 + (int) (Math.random() * 400);
    clusterXml = Path.of("target", "sensor-cluster-" + UUID.randomUUID() + ".xml");
    Files.writeString(clusterXml, Files.readString(Path.of("conf", "cluster.xml"))
        .replace("<cluster-name>netwatch</cluster-name>", "<cluster-name>netwatch-sensors-" + basePort + "</cluster-name>")
        .replace(">5701</port>", ">" + basePort + "</port>"));
  }

  @AfterEach
  void tearDown() throws Exception {
    nodes.forEach(ChildPlatform::close);
    Files.deleteIfExists(clusterXml);
  }

  ChildPlatform node(String name, JsonObject config) {
    ChildPlatform node = new ChildPlatform(name, config.put("thread_count", 1),
        List.of("-Dvertx.hazelcast.config=" + clusterXml.toAbsolutePath()),
        List.of("-cluster", "-cluster-host", "127.0.0.1"));
    nodes.add(node);
    return node.awaitStarted();
  }

  @Test
  @DisplayName("the ingest node accepts a new token, then only the rotated one, then none, each within 1 s")
  void changesReachTheOtherNode() {
    ChildPlatform admin = node("sensors-admin", platform.config());
    ChildPlatform ingest = node("sensors-ingest",
        platform.config().put("verticles", PlatformUnderTest.verticles("ingest")));
    SensorApi onAdmin = new SensorApi(platform, admin.webPort(), admin.ingestPort());
    SensorApi onIngest = new SensorApi(platform, admin.webPort(), ingest.ingestPort());
    // The cluster may still be forming: the first registration is waited for as long as that takes.
    String probe = onAdmin.register("probe", null);
    within(Duration.ofSeconds(30), () -> assertThat(onIngest.ingest(probe)).isEqualTo(200));

    String first = onAdmin.register("edge-remote", null);
    within(CONTRACT, () -> assertThat(onIngest.ingest(first)).isEqualTo(200));

    String second = onAdmin.admin(HttpMethod.POST, "/api/v1/sensors/edge-remote/rotate", "{\"overlap_seconds\":0}")
        .bodyAsJsonObject().getString("token");
    within(CONTRACT, () -> {
      assertThat(onIngest.ingest(first)).isEqualTo(401);
      assertThat(onIngest.ingest(second)).isEqualTo(200);
    });

    assertThat(onAdmin.admin(HttpMethod.DELETE, "/api/v1/sensors/edge-remote", null).statusCode()).isEqualTo(204);
    within(CONTRACT, () -> assertThat(onIngest.ingest(second)).isEqualTo(401));
    assertThat(onIngest.ingest(PlatformUnderTest.INGEST_TOKEN)).isEqualTo(200);
  }
}
