package io.netwatch.detection;

import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 25: two platforms on one Redis with different stream names and no configured key prefix. */
@DisplayName("Detection: two platforms sharing one Redis keep their windows apart (prefix from the stream name)")
class SharedRedisTest {
  static PlatformUnderTest first;
  static PlatformUnderTest second;

  @BeforeAll
  static void deploy() {
    first = deployWithoutPrefix();
    second = deployWithoutPrefix();
  }

  @AfterAll
  static void close() {
    if (first != null) first.close();
    if (second != null) second.close();
  }

  private static PlatformUnderTest deployWithoutPrefix() {
    PlatformUnderTest platform = PlatformUnderTest.create();
    JsonObject config = platform.config();
    config.getJsonObject("detection").remove("key_prefix");
    return platform.deploy(config);
  }

  private static void scan(PlatformUnderTest platform, int fromPort, int toPort) {
    List<JsonObject> packets = new ArrayList<>();
    for (int port = fromPort; port < toPort; port++) {
      packets.add(DetectionTest.packet("10.25.0.1", "10.25.0.2", port, DetectionTest.SYN));
    }
    assertThat(platform.ingest(new JsonArray(List.copyOf(packets)).encode()).statusCode()).isEqualTo(200);
    within(Duration.ofSeconds(20), () -> assertThat(platform.allAcknowledged()).isTrue());
  }

  @Test
  @DisplayName("10 ports through one and 10 through the other engage nothing; 10 more through the first: 20, its own")
  void windowsApart() {
    scan(first, 1000, 1010);
    scan(second, 1010, 1020);
    // Detection runs before the acknowledgement: once acknowledged, no alert can still come from these.
    assertThat(first.database.count("SELECT count(*) FROM alerts")).isZero();
    assertThat(second.database.count("SELECT count(*) FROM alerts")).isZero();

    scan(first, 1020, 1030);
    assertThat(first.database.count("SELECT count(*) FROM alerts WHERE detector = 'port_scan'"
        + " AND alert_key = '10.25.0.1>10.25.0.2' AND packet_count = 20")).isEqualTo(1);
    assertThat(second.database.count("SELECT count(*) FROM alerts")).isZero();
  }
}
