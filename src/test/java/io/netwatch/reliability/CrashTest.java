package io.netwatch.reliability;

import io.netwatch.testing.ChildPlatform;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analyzer (consumer, scorers, detector, persistence) runs in a separate JVM that the test kills with
 * SIGKILL or stops with SIGTERM in the middle of a load; ingest runs in the test's JVM. Every packet that
 * got a 200 must end up exactly once in PostgreSQL. The load is a port scan (SYNs from one source to one
 * host, a new port each): however the analyzers die, replay and share the stream, it is one alert.
 */
@Tag("slow")
@DisplayName("Crash safety: analyzer JVM killed or terminated under load")
class CrashTest {
  static final String PACKET = "{\"src_ip\":\"10.7.7.7\",\"dst_ip\":\"10.6.6.6\",\"protocol\":\"TCP\","
      + "\"tcp_flags\":2,\"dst_port\":%d,\"payload_hex\":\"00ff00ff\"}";

  @Platform
  PlatformUnderTest platform;
  final Set<String> accepted = ConcurrentHashMap.newKeySet();
  final AtomicBoolean loading = new AtomicBoolean();
  final List<ChildPlatform> analyzers = new ArrayList<>();

  @BeforeEach
  void deployIngest() {
    platform.deployOnly(platform.config(), "ingest");
  }

  @AfterEach
  void stop() {
    loading.set(false);
    analyzers.forEach(ChildPlatform::close);
  }

  /** An analyzer JVM (consumer, scorers, persistence) under the given consumer name, started. */
  ChildPlatform analyzer(String name, String consumerName) {
    ChildPlatform node = new ChildPlatform(name, platform.config()
        .put("consumer_name", consumerName)
        .put("claim_idle_ms", 3_000)
        .put("batch_size", 50)
        .put("verticles", PlatformUnderTest.verticles("persistence", "scorer", "detector", "stream-consumer")));
    analyzers.add(node);
    return node.awaitStarted();
  }

  /** An analyzer started, then the load, until it has stored 500 rows. */
  ChildPlatform analyzerUnderLoad(String name, String consumerName) {
    ChildPlatform node = analyzer(name, consumerName);
    startLoad();
    loadUntil(() -> assertThat(platform.rows()).isGreaterThan(500));
    return node;
  }

  /** Another analyzer catches up under load; once the load stops, every accepted packet is stored once. */
  void recoversWith(String name, String consumerName) {
    analyzer(name, consumerName);
    loadUntil(() -> assertThat(platform.rows()).isGreaterThan(accepted.size() / 2));
    loading.set(false);
    assertEveryAcceptedPacketStoredOnce();
  }

  /** Posts batches of 20 packets back to back until stopped; remembers every id that got a 200. */
  void startLoad() {
    loading.set(true);
    postBatch(0);
  }

  private void postBatch(int n) {
    if (!loading.get()) return;
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < 20; i++) body.append(i == 0 ? "" : ",").append(PACKET.formatted(1000 + (n * 20 + i) % 60000));
    body.append(']');
    platform.ingestRequest()
        .sendBuffer(Buffer.buffer(body.toString()))
        .onComplete(ar -> {
          if (ar.succeeded() && ar.result().statusCode() == 200) {
            ar.result().bodyAsJsonObject().getJsonArray("ids").forEach(id -> accepted.add((String) id));
          }
          platform.vertx.setTimer(5, t -> postBatch(n + 1));
        });
  }

  long pendingFor(String consumer) {
    return platform.redis(Request.cmd(Command.XPENDING).arg(platform.stream).arg("analyzers")
        .arg("-").arg("+").arg(1_000_000).arg(consumer)).size();
  }

  void assertEveryAcceptedPacketStoredOnce() {
    within(Duration.ofSeconds(60), () -> {
      assertThat(platform.rows()).isEqualTo(accepted.size());
      assertThat(platform.pendingCount()).isZero();
    });
    String[] ids = accepted.toArray(new String[0]);
    assertThat(platform.database.count("SELECT count(DISTINCT stream_id) FROM anomalies")).isEqualTo(ids.length);
    assertThat(platform.database.count("SELECT count(*) FROM anomalies WHERE stream_id = ANY(?)",
        (Object) ids)).isEqualTo(ids.length);
    assertOneAlertPerIdentity();
  }

  /** The scan engaged one port_scan alert, and no identity has two alerts (none was quiet long enough). */
  void assertOneAlertPerIdentity() {
    assertThat(platform.database.count("SELECT count(*) FROM alerts WHERE detector = 'port_scan'"
        + " AND alert_key = '10.7.7.7>10.6.6.6' AND state = 'engaged' AND packet_count >= ?", accepted.size()))
        .isEqualTo(1);
    assertThat(platform.database.count("SELECT count(*) FROM (SELECT detector, alert_key FROM alerts"
        + " GROUP BY detector, alert_key HAVING count(*) > 1) AS twice")).isZero();
  }

  void loadUntil(Runnable condition) {
    within(Duration.ofSeconds(30), condition);
  }

  @Test
  @DisplayName("SIGKILL mid-load, restart under the same consumer name: it replays its pending entries")
  void killedAndRestartedUnderSameName() {
    analyzerUnderLoad("crash-a", "node-a").kill();
    long pendingAtDeath = pendingFor("node-a-0");
    loadUntil(() -> assertThat(accepted.size()).isGreaterThan((int) platform.rows() + 500));
    recoversWith("crash-a2", "node-a");
    System.out.printf("kill/same name: accepted %d, stored %d, pending at death %d%n", accepted.size(),
        platform.rows(), pendingAtDeath);
  }

  @Test
  @DisplayName("two analyzer JVMs share the stream under load: every packet stored once, the scan is one alert")
  void twoAnalyzersShareTheStream() {
    analyzer("pair-a", "node-a");
    analyzer("pair-b", "node-b");
    startLoad();
    loadUntil(() -> assertThat(platform.rows()).isGreaterThan(3_000));
    loading.set(false);
    assertEveryAcceptedPacketStoredOnce();
    assertThat(pendingFor("node-a-0") + pendingFor("node-b-0")).isZero();
  }

  @Test
  @DisplayName("SIGKILL mid-load, another consumer takes over: it reclaims the dead one's entries (XAUTOCLAIM)")
  void killedAndReplacedByAnotherConsumer() {
    analyzerUnderLoad("crash-b", "node-b").kill();
    recoversWith("crash-c", "node-c");
    assertThat(pendingFor("node-b-0")).isZero();
  }

  @Test
  @DisplayName("SIGTERM mid-load: exits within 15 s with nothing of its own left pending")
  void terminatedGracefully() {
    ChildPlatform node = analyzerUnderLoad("term", "node-t");
    Duration took = node.terminate(20);
    assertThat(node.output()).contains("all verticles stopped");
    assertThat(took).isLessThan(Duration.ofSeconds(15));
    assertThat(pendingFor("node-t-0")).isZero();
    analyzer("term2", "node-t");
    loading.set(false);
    assertEveryAcceptedPacketStoredOnce();
  }
}
