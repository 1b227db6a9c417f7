package io.netwatch.ops;

import io.netwatch.config.Settings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import io.netwatch.config.DeploymentPlan;
import io.netwatch.redis.BacklogMonitor;
import io.netwatch.redis.RedisDurability;
import io.netwatch.redis.RedisDurabilityProbe;
import io.netwatch.redis.StreamShards;
import io.vertx.core.json.JsonArray;
import io.vertx.core.shareddata.AsyncMap;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code GET /ready} checks: Redis answers (and whether it persists), PostgreSQL answers (and what the
 * stored anomalies take, {@link StorageUsage}), the stream backlog is under its limit, and every verticle of the
 * platform runs on some node.
 */
public final class ReadinessChecks {
  private static final long CHECK_TIMEOUT_MS = 2_000;
  /** Within the check's own deadline: a slow CONFIG GET makes the durability "unknown", not the check fail. */
  private static final long DURABILITY_TIMEOUT_MS = 1_000;

  private ReadinessChecks() {
  }

  /** Every check: what the dashboard's {@code /ready} answers. */
  public static HealthChecks create(Vertx vertx, Redis redis, Pool pool, Settings settings) {
    return create(vertx, EnumSet.allOf(ReadinessCheck.class), redis, pool, settings);
  }

  /**
   * The given checks only (a node checks what it depends on, see {@link ReadinessCheck}); {@code redis} may be
   * null without Redis checks, {@code pool} without the PostgreSQL check. Redis's check also reports whether the
   * server persists what it acknowledged ({@link RedisDurability#describe}); that never makes it fail.
   */
  public static HealthChecks create(Vertx vertx, Set<ReadinessCheck> checks, Redis redis, Pool pool,
                                    Settings settings) {
    HealthChecks health = HealthChecks.create(vertx);
    if (checks.contains(ReadinessCheck.REDIS)) {
      health.register(ReadinessCheck.REDIS.id(), CHECK_TIMEOUT_MS, promise -> redis.send(Request.cmd(Command.PING))
          .compose(pong -> RedisDurabilityProbe.read(redis, DURABILITY_TIMEOUT_MS))
          .map(durability -> Status.OK(new JsonObject(durability.describe())))
          .onComplete(promise));
    }
    if (checks.contains(ReadinessCheck.POSTGRES)) {
      // What the anomalies take is detail: a database that answers is ready even if that read fails.
      health.register(ReadinessCheck.POSTGRES.id(), CHECK_TIMEOUT_MS, promise -> pool.query("SELECT 1").execute()
          .compose(rows -> StorageUsage.read(pool)
              .otherwise(err -> new JsonObject().put("error", String.valueOf(err.getMessage()))))
          .map(usage -> Status.OK(new JsonObject().put("storage", usage)))
          .onComplete(promise));
    }
    if (checks.contains(ReadinessCheck.STREAM_BACKLOG)) {
      BacklogMonitor backlog = new BacklogMonitor(redis, settings);
      boolean sharded = StreamShards.from(settings).count() > 1;
      health.register(ReadinessCheck.STREAM_BACKLOG.id(), CHECK_TIMEOUT_MS, promise -> (sharded
          ? backlog.readShards().map(ReadinessChecks::everyShardUnderLimit)
          : backlog.read().map(ReadinessChecks::backlogUnderLimit))
          .onComplete(promise));
    }
    if (checks.contains(ReadinessCheck.VERTICLES)) {
      health.register(ReadinessCheck.VERTICLES.id(), CHECK_TIMEOUT_MS, promise -> vertx.sharedData()
          .<String, JsonObject>getAsyncMap(AdminProtocol.NODES_MAP)
          .compose(AsyncMap::values)
          .map(ReadinessChecks::everyRoleDeployed)
          .onComplete(promise));
    }
    if (checks.contains(ReadinessCheck.DETECTION)) {
      // Emergency mode is degraded detection, not an unready node: ingest and storage go on, so the check
      // stays UP and says which mode it is in (as Suricata's stats do).
      health.register(ReadinessCheck.DETECTION.id(), CHECK_TIMEOUT_MS, promise -> promise.complete(
          Status.OK(io.netwatch.detection.DetectionHealth.describe(System.currentTimeMillis()))));
    }
    return health;
  }

  private static Status backlogUnderLimit(BacklogMonitor.Reading reading) {
    JsonObject data = new JsonObject().put("length", reading.length()).put("backlog", reading.backlog())
        .put("max", reading.max());
    return reading.over() ? Status.KO(data) : Status.OK(data);
  }

  /** Per shard (index, length, backlog, max): KO while any shard is over its limit. */
  private static Status everyShardUnderLimit(List<BacklogMonitor.Reading> shards) {
    JsonArray each = new JsonArray();
    boolean over = false;
    for (int i = 0; i < shards.size(); i++) {
      BacklogMonitor.Reading reading = shards.get(i);
      over |= reading.over();
      each.add(new JsonObject().put("shard", i).put("length", reading.length()).put("backlog", reading.backlog())
          .put("max", reading.max()));
    }
    BacklogMonitor.Reading fullest = BacklogMonitor.fullest(shards);
    JsonObject data = new JsonObject().put("length", fullest.length()).put("backlog", fullest.backlog())
        .put("max", fullest.max()).put("shards", each);
    return over ? Status.KO(data) : Status.OK(data);
  }

  /** Every verticle of the standard plan runs on some node of the cluster. */
  private static Status everyRoleDeployed(List<JsonObject> nodes) {
    Set<String> running = new TreeSet<>();
    for (JsonObject node : nodes) {
      for (Object v : node.getJsonArray("verticles", new JsonArray())) running.add(((JsonObject) v).getString("name"));
    }
    Set<String> missing = new TreeSet<>();
    for (Map<String, Object> entry : DeploymentPlan.ALL_IN_ONE) missing.add((String) entry.get("name"));
    missing.removeAll(running);
    JsonObject data = new JsonObject().put("nodes", nodes.size()).put("running", new JsonArray(List.copyOf(running)))
        .put("missing", new JsonArray(List.copyOf(missing)));
    return missing.isEmpty() ? Status.OK(data) : Status.KO(data);
  }

}
