package io.netwatch.stream;

import io.netwatch.testing.Await;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.netwatch.testing.Consistently.holdsFor;
import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/** The consumer's delivery guarantees, with verticles deployed and undeployed under the test's control. */
@DisplayName("Stream consumer: acknowledge only after commit, replay, idempotence, dead letters")
class StreamConsumerTest {
  static final String PACKET = "{\"src_ip\":\"10.1.1.1\",\"dst_ip\":\"10.2.2.2\",\"protocol\":\"UDP\",\"dst_port\":53}";

  @Platform
  PlatformUnderTest platform;
  /** A long claim idle time: only the behaviour under test can move entries, not XAUTOCLAIM. */
  JsonObject config;

  @BeforeEach
  void setUp() {
    config = platform.config().put("consumer_name", "test-consumer").put("claim_idle_ms", 600_000)
        .put("detectors", "off"); // the consumer's own mechanics: score, store, acknowledge
  }

  String xadd(String packetJson) {
    return platform.redis(Request.cmd(Command.XADD).arg(platform.stream).arg("*")
        .arg("packet").arg(packetJson).arg("received_at").arg(System.currentTimeMillis())).toString();
  }

  @Test
  @DisplayName("while persistence fails the entry stays pending; once it is back the row is stored and acknowledged")
  void pendingUntilCommitted() {
    platform.deployOnly(config, "scorer", "stream-consumer");
    String id = xadd(PACKET);

    within(Duration.ofSeconds(10), () -> assertThat(platform.pendingCount()).isEqualTo(1));
    // The consumer retries a few times meanwhile: it must not acknowledge.
    holdsFor(Duration.ofSeconds(2), () -> assertThat(platform.pendingCount()).isEqualTo(1));
    assertThat(platform.streamLength()).isEqualTo(1);

    platform.deployOnly(config, "persistence");
    assertStoredOnceAndAcknowledged(id);
  }

  void assertStoredOnceAndAcknowledged(String id) {
    within(Duration.ofSeconds(15), () -> {
      assertThat(platform.database.count("SELECT count(*) FROM anomalies WHERE stream_id = ?", id)).isEqualTo(1);
      assertThat(platform.pendingCount()).isZero();
    });
  }

  @Test
  @DisplayName("a restarted consumer first replays its own pending entries")
  void replaysOwnPendingOnRestart() {
    platform.deployOnly(config, "scorer");
    String consumer = platform.deployOnly(config, "stream-consumer");
    String id = xadd(PACKET);
    within(Duration.ofSeconds(10), () -> assertThat(platform.pendingCount()).isEqualTo(1));
    Await.result(platform.vertx.undeploy(consumer));

    platform.deployOnly(config, "persistence");
    assertThat(platform.database.count("SELECT count(*) FROM anomalies")).isZero();
    platform.deployOnly(config, "stream-consumer");

    assertStoredOnceAndAcknowledged(id);
  }

  @Test
  @DisplayName("the same entry stored twice makes one row; the second store reports 0 stored")
  void idempotentStore() {
    platform.deployOnly(config, "persistence");
    JsonObject anomaly = new JsonObject(PACKET).put("stream_id", "1-1").put("received_at", 1_700_000_000_000L)
        .put("src_port", 0).put("payload_len", 0).put("ttl", 64).put("tcp_flags", 0).put("payload_hex", "")
        .put("pkt_rate", 0.0).put("entropy", 0.0).put("score", 0.3).put("severity", "medium")
        .put("reasons", new JsonArray().add("suspicious_port"));
    JsonObject message = new JsonObject().put("anomalies", new JsonArray().add(anomaly));

    JsonObject first = Await.result(platform.vertx.eventBus().<JsonObject>request("anomaly.store", message)).body();
    JsonObject second = Await.result(platform.vertx.eventBus().<JsonObject>request("anomaly.store", message)).body();

    assertThat(first.getInteger("stored")).isEqualTo(1);
    assertThat(second.getInteger("stored")).isZero();
    assertThat(platform.database.count("SELECT count(*) FROM anomalies WHERE stream_id = '1-1'")).isEqualTo(1);
  }

  @Test
  @DisplayName("an entry that cannot be parsed goes to <stream>:dead with its error and does not block the others")
  void poisonEntryIsDeadLettered() {
    platform.deployOnly(config, "persistence", "scorer", "stream-consumer");
    String poison = platform.redis(Request.cmd(Command.XADD).arg(platform.stream).arg("*")
        .arg("packet").arg("{not json").arg("received_at").arg("1")).toString();
    String invalid = xadd("{\"src_ip\":\"nope\",\"dst_ip\":\"10.2.2.2\",\"protocol\":\"UDP\"}");
    String good = xadd(PACKET);

    within(Duration.ofSeconds(15), () -> {
      assertThat(platform.database.count("SELECT count(*) FROM anomalies WHERE stream_id = ?", good)).isEqualTo(1);
      assertThat(platform.pendingCount()).isZero();
      Response dead = platform.redis(Request.cmd(Command.XRANGE).arg(platform.stream + ":dead").arg("-").arg("+"));
      assertThat(dead.size()).isEqualTo(2);
      String all = dead.toString();
      assertThat(all).contains(poison).contains(invalid).contains("{not json").contains("src_ip");
    });
    assertThat(platform.rows()).isEqualTo(1);
  }
}
