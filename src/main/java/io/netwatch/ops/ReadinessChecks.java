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
import io.vertx.core.json.JsonArray;
import io.vertx.core.shareddata.AsyncMap;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code GET /ready} checks: Redis answers, PostgreSQL answers, the stream backlog is under its limit,
 * and every verticle of the platform runs on some node.
 */
public final class ReadinessChecks {
  private static final long CHECK_TIMEOUT_MS = 2_000;

  private ReadinessChecks() {
  }

  public static HealthChecks create(Vertx vertx, Redis redis, Pool pool, Settings settings) {
    BacklogMonitor backlog = new BacklogMonitor(redis, settings);
    return HealthChecks.create(vertx)
        .register("redis", CHECK_TIMEOUT_MS, promise -> redis.send(Request.cmd(Command.PING))
            .map(pong -> Status.OK())
            .onComplete(promise))
        .register("postgres", CHECK_TIMEOUT_MS, promise -> pool.query("SELECT 1").execute()
            .map(rows -> Status.OK())
            .onComplete(promise))
        .register("stream-backlog", CHECK_TIMEOUT_MS, promise -> backlog.read()
            .map(ReadinessChecks::backlogUnderLimit)
            .onComplete(promise))
        .register("verticles", CHECK_TIMEOUT_MS, promise -> vertx.sharedData()
            .<String, JsonObject>getAsyncMap(AdminProtocol.NODES_MAP)
            .compose(AsyncMap::values)
            .map(ReadinessChecks::everyRoleDeployed)
            .onComplete(promise));
  }

  private static Status backlogUnderLimit(BacklogMonitor.Reading reading) {
    JsonObject data = new JsonObject().put("length", reading.length()).put("backlog", reading.backlog())
        .put("max", reading.max());
    return reading.over() ? Status.KO(data) : Status.OK(data);
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
