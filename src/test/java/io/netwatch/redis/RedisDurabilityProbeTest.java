package io.netwatch.redis;

import io.netwatch.config.Settings;
import io.netwatch.redis.RedisDurability.Mode;
import io.netwatch.testing.ScratchRedis;
import io.netwatch.testing.TestDatastores;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Real redis-servers: the suite's own, and scratch ones configured for each kind of persistence. */
@DisplayName("RedisDurabilityProbe: asks a real Redis how it persists")
class RedisDurabilityProbeTest {
  static final Vertx vertx = Vertx.vertx();

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  static RedisDurability probe(String url) {
    Redis redis = Redis.createClient(vertx, RedisConfig.options(new Settings(Map.of(Settings.REDIS_URL, url))));
    try {
      return RedisDurabilityProbe.read(redis, 2_000).await();
    } finally {
      redis.close().await();
    }
  }

  @Test
  @DisplayName("the suite's Redis: a known answer, AOF exactly when INFO says the AOF is on")
  void suiteRedis() {
    RedisDurability durability = probe(TestDatastores.redisUrl());
    Redis redis = Redis.createClient(vertx, TestDatastores.redisUrl());
    String info = redis.send(Request.cmd(Command.INFO).arg("persistence")).await().toString();
    redis.close().await();
    assertThat(durability.mode()).isNotEqualTo(Mode.UNKNOWN);
    assertThat(durability.mode() == Mode.AOF).as(info).isEqualTo(info.contains("aof_enabled:1"));
  }

  @Test
  @DisplayName("appendonly no, save \"\" (how the local Redis runs): no persistence")
  void none() {
    try (ScratchRedis redis = ScratchRedis.start("appendonly no", "save \"\"")) {
      RedisDurability durability = probe(redis.url());
      assertThat(durability.mode()).isEqualTo(Mode.NONE);
      assertThat(durability.persists()).isEqualTo("no");
    }
  }

  @Test
  @DisplayName("appendonly yes, appendfsync everysec: AOF, everysec")
  void aof() {
    try (ScratchRedis redis = ScratchRedis.start("appendonly yes", "appendfsync everysec", "save \"\"")) {
      RedisDurability durability = probe(redis.url());
      assertThat(durability.mode()).isEqualTo(Mode.AOF);
      assertThat(durability.appendfsync()).isEqualTo("everysec");
      assertThat(durability.save()).isNull();
    }
  }

  @Test
  @DisplayName("snapshots only: RDB with the server's save rules")
  void rdb() {
    try (ScratchRedis redis = ScratchRedis.start("appendonly no", "save 900 1")) {
      RedisDurability durability = probe(redis.url());
      assertThat(durability.mode()).isEqualTo(Mode.RDB);
      assertThat(durability.save()).isEqualTo("900 1");
    }
  }

  @Test
  @DisplayName("CONFIG renamed away (as managed Redis services do): unknown, with Redis's error as the reason")
  void configDisabled() {
    try (ScratchRedis redis = ScratchRedis.start("rename-command CONFIG \"\"")) {
      RedisDurability durability = probe(redis.url());
      assertThat(durability.mode()).isEqualTo(Mode.UNKNOWN);
      assertThat(durability.reason()).contains("CONFIG GET failed").containsIgnoringCase("unknown command");
    }
  }

  @Test
  @DisplayName("no Redis answering: unknown, within the deadline, never a failure")
  void unreachable() {
    try (ScratchRedis redis = ScratchRedis.start()) {
      String url = redis.url();
      redis.close();
      RedisDurability durability = probe(url);
      assertThat(durability.mode()).isEqualTo(Mode.UNKNOWN);
    }
  }
}
