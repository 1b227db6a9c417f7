package io.netwatch.reliability;

import io.netwatch.testing.Await;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.buffer.Buffer;
import io.netwatch.model.AnomalyBatch;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.netwatch.testing.Consistently.holdsFor;
import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/** Trimming never removes unread or pending entries, and a full backlog turns ingest to 503 until it drains. */
@DisplayName("Backlog: no silent trimming, 503 over STREAM_MAX_LEN, resumes by itself")
class BacklogTest {
  static final String PACKET = "{\"src_ip\":\"10.5.5.5\",\"dst_ip\":\"10.4.4.4\",\"protocol\":\"UDP\"}";

  @Platform
  PlatformUnderTest platform;
  JsonObject config;

  @BeforeEach
  void setUp() {
    config = platform.config().put("trim_interval_ms", 300).put("stream_max_len", 40).put("claim_idle_ms", 600_000);
  }

  HttpResponse<Buffer> post() {
    return platform.ingest(PACKET);
  }

  @Test
  @DisplayName("acknowledged entries are trimmed; pending ones are kept however long they wait")
  void trimsOnlyAcknowledged() {
    platform.deployOnly(config, "ingest", "scorer", "detector", "stream-consumer");
    for (int i = 0; i < 30; i++) assertThat(post().statusCode()).isEqualTo(200);
    // Some entries are pending (read, not stored: the consumer retries them), the rest unread.
    within(Duration.ofSeconds(10), () -> assertThat(platform.pendingCount()).isPositive());
    // Many trim rounds pass: nothing is acknowledged, so nothing may go.
    holdsFor(Duration.ofSeconds(3), () -> assertThat(platform.streamLength()).isEqualTo(30));

    platform.deployOnly(config, "persistence");
    within(Duration.ofSeconds(15), () -> {
      assertThat(platform.rows()).isEqualTo(30);
      assertThat(platform.pendingCount()).isZero();
      assertThat(platform.streamLength()).isZero();
    });
  }

  @Test
  @DisplayName("over STREAM_MAX_LEN ingest answers 503 with Retry-After, then 200 again once the backlog drains")
  void backlogTurnsIngestAway() {
    platform.deployOnly(config, "ingest");
    int accepted = 0;
    HttpResponse<Buffer> rejected = null;
    for (int i = 0; i < 200 && rejected == null; i++) {
      HttpResponse<Buffer> response = post();
      if (response.statusCode() == 200) {
        accepted++;
      } else {
        rejected = response;
      }
      Await.result(platform.vertx.timer(20));
    }
    assertThat(rejected).as("a 503 once the backlog passed 40").isNotNull();
    assertThat(rejected.statusCode()).isEqualTo(503);
    assertThat(rejected.getHeader("Retry-After")).isEqualTo("1");
    assertThat(rejected.bodyAsJsonObject().getString("error")).contains("backlog");
    assertThat(accepted).isGreaterThanOrEqualTo(40);
    assertThat(platform.streamLength()).isEqualTo(accepted);

    platform.deployOnly(config, "persistence", "scorer", "detector", "stream-consumer");
    int stored = accepted;
    within(Duration.ofSeconds(20), () -> {
      assertThat(platform.rows()).isEqualTo(stored);
      assertThat(post().statusCode()).isEqualTo(200);
    });
  }

  @Test
  @DisplayName("over SHED_BACKLOG while the pipeline reads but falls behind, ingest sheds with 503, then accepts again")
  void shedsWhileThePipelineIsBehind() {
    JsonObject slowPipeline = config.put("stream_max_len", 100_000).put("shed_backlog", 50).put("batch_size", 20)
        .put("max_in_flight", 1).put("shed_hold_ms", 400);
    // Persistence that keeps up with 20 packets per 100 ms: the pipeline reads all the time, slower than ingest.
    platform.vertx.eventBus().<AnomalyBatch>consumer("anomaly.store", store -> platform.vertx.setTimer(100, id ->
        store.reply(new JsonObject().put("stored", store.body().anomalies().size()))));
    platform.deployOnly(slowPipeline, "ingest", "scorer", "detector", "stream-consumer");

    // About 500 posts a second against a drain of 200: the backlog passes 50 within a second, and the
    // backlog readings (every 500 ms) see the pipeline reading meanwhile.
    HttpResponse<Buffer> shed = null;
    long shedAnsweredAfterNanos = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (shed == null && System.nanoTime() < deadline) {
      long sent = System.nanoTime();
      HttpResponse<Buffer> response = post();
      if (response.statusCode() != 200) {
        shed = response;
        shedAnsweredAfterNanos = System.nanoTime() - sent;
      }
      Await.result(platform.vertx.timer(2));
    }
    assertThat(shed).as("a 503 once the backlog passed 50 with the pipeline reading").isNotNull();
    assertThat(shed.statusCode()).isEqualTo(503);
    // Held SHED_HOLD_MS before it is answered, so that a client asking again at once cannot spin on 503s.
    assertThat(Duration.ofNanos(shedAnsweredAfterNanos)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    assertThat(shed.getHeader("Retry-After")).isEqualTo("1");
    assertThat(shed.bodyAsJsonObject().getString("error")).contains("pipeline is behind");
    within(Duration.ofSeconds(60), () -> assertThat(post().statusCode()).isEqualTo(200));
  }
}
