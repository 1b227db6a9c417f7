package io.netwatch.redis;

import io.netwatch.config.Settings;
import io.netwatch.redis.BacklogMonitor.Reading;
import io.netwatch.testing.TestDatastores;
import io.netwatch.ops.ReadinessChecks;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("BacklogMonitor: a stream's backlog against STREAM_MAX_LEN, on a real Redis")
class BacklogMonitorTest {
  final String stream = TestDatastores.uniqueStream();
  final Vertx vertx = Vertx.vertx();
  /** The platform's client options: RESP2, which {@link StreamBacklog} reads. */
  final Redis redis = Redis.createClient(vertx, RedisConfig.options(new Settings(settings())));

  Map<String, Object> settings() {
    Map<String, Object> values = new HashMap<>(Settings.DEFAULTS);
    values.put(Settings.REDIS_URL, TestDatastores.redisUrl());
    values.put(Settings.REDIS_STREAM_NAME, stream);
    return values;
  }

  @AfterEach
  void tearDown() {
    send(Request.cmd(Command.DEL).arg(stream));
    redis.close().await();
    vertx.close().await();
  }

  void send(Request request) {
    redis.send(request).await();
  }

  void add(int entries) {
    for (int i = 0; i < entries; i++) send(Request.cmd(Command.XADD).arg(stream).arg("*").arg("packet").arg(i));
  }

  Reading read(int maxLen) {
    Map<String, Object> values = settings();
    values.put(Settings.STREAM_MAX_LEN, maxLen);
    return new BacklogMonitor(redis, new Settings(values)).read().await();
  }

  @Test
  @DisplayName("a stream that does not exist yet has no backlog")
  void absentStream() {
    assertThat(read(10)).extracting(Reading::length, Reading::backlog, Reading::max).containsExactly(0L, 0L, 10L);
    assertThat(read(10).over()).isFalse();
  }

  @Test
  @DisplayName("without a consumer group, the whole stream is backlog; over means above the limit")
  void noGroup() {
    add(3);

    assertThat(read(3)).extracting(Reading::length, Reading::backlog, Reading::max).containsExactly(3L, 3L, 3L);
    assertThat(read(3).over()).isFalse();
    assertThat(read(2).over()).isTrue();
  }

  @Test
  @DisplayName("with a group, what it has not acknowledged: unread plus pending, not the acknowledged")
  void unreadPlusPending() {
    send(Request.cmd(Command.XGROUP).arg("CREATE").arg(stream).arg("analyzers").arg("0").arg("MKSTREAM"));
    add(5);
    assertThat(read(10)).extracting(Reading::length, Reading::backlog, Reading::max).containsExactly(5L, 5L, 10L);

    send(Request.cmd(Command.XREADGROUP).arg("GROUP").arg("analyzers").arg("c1").arg("COUNT").arg(2)
        .arg("STREAMS").arg(stream).arg(">"));
    assertThat(read(10)).as("3 unread + 2 pending").extracting(Reading::length, Reading::backlog, Reading::max).containsExactly(5L, 5L, 10L);

    String oldest = redis.send(Request.cmd(Command.XPENDING).arg(stream).arg("analyzers").arg("-").arg("+").arg(1))
        .await().get(0).get(0).toString();
    send(Request.cmd(Command.XACK).arg(stream).arg("analyzers").arg(oldest));
    assertThat(read(10)).as("3 unread + 1 pending").extracting(Reading::length, Reading::backlog, Reading::max).containsExactly(5L, 4L, 10L);
    assertThat(read(4).over()).isFalse();
    assertThat(read(3).over()).isTrue();
  }

  @Test
  @DisplayName("GET /ready's stream-backlog check reports length, backlog and max; KO over the limit")
  void readinessCheck() {
    add(3);
    Map<String, Object> values = settings();
    values.put(Settings.STREAM_MAX_LEN, 2);
    // Only the stream-backlog procedure runs: the PostgreSQL pool is never touched.
    HealthChecks checks = ReadinessChecks.create(vertx, redis, null, new Settings(values));

    Status status = checks.checkStatus("stream-backlog").await().getStatus();
    assertThat(status.isOk()).isFalse();
    assertThat(status.getData()).isEqualTo(new JsonObject().put("length", 3).put("backlog", 3).put("max", 2));

    send(Request.cmd(Command.XTRIM).arg(stream).arg("MAXLEN").arg(2));
    assertThat(checks.checkStatus("stream-backlog").await().getStatus().isOk()).isTrue();
  }
}
