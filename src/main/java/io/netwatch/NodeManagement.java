package io.netwatch;

import io.netwatch.config.DeploymentPlan;
import io.netwatch.config.Settings;
import io.netwatch.ops.BoundPorts;
import io.netwatch.ops.ManagementPlan;
import io.netwatch.ops.ManagementServer;
import io.netwatch.ops.ReadinessCheck;
import io.netwatch.ops.ReadinessChecks;
import io.netwatch.persistence.PgConfig;
import io.netwatch.redis.RedisConfig;
import io.netwatch.redis.RedisDurability;
import io.netwatch.redis.RedisDurabilityProbe;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A node's management endpoint ({@link ManagementPlan}): on a node whose dashboard serves /health, /ready and
 * /metrics, it only records that port; on any other node it starts a {@link ManagementServer} with the checks
 * the node needs, on clients of its own. At start it also says whether the Redis in use persists what ingest
 * accepts, loudly where PLATFORM_ENV=production and it does not.
 */
final class NodeManagement {
  private static final Logger log = LoggerFactory.getLogger(NodeManagement.class);
  private static final long PROBE_TIMEOUT_MS = 2_000;

  private final Vertx vertx;
  private final ManagementPlan plan;
  private final Settings settings;
  private Redis redis;
  private Pool pool;
  private ManagementServer server;

  private NodeManagement(Vertx vertx, ManagementPlan plan, Settings settings) {
    this.vertx = vertx;
    this.plan = plan;
    this.settings = settings;
  }

  /** Once the plan's verticles are deployed (the dashboard's port is known by then). */
  static Future<NodeManagement> start(Vertx vertx, DeploymentPlan deployment, String clusterHost) {
    Map<String, Object> shared = new LinkedHashMap<>(deployment.shared());
    // Its own /ready checks need one PostgreSQL connection, not a pool of PG_POOL_SIZE.
    shared.put(Settings.PG_POOL_SIZE, 1);
    NodeManagement management = new NodeManagement(vertx, ManagementPlan.of(deployment, clusterHost),
        new Settings(shared));
    return management.serve().map(management);
  }

  private Future<Void> serve() {
    if (plan.checks().contains(ReadinessCheck.REDIS)) reportRedisDurability();
    if (plan.onDashboard()) {
      recordPort();
      return Future.succeededFuture();
    }
    if (plan.checks().contains(ReadinessCheck.REDIS)) redis = Redis.createClient(vertx, RedisConfig.options(settings));
    if (plan.checks().contains(ReadinessCheck.POSTGRES)) pool = PgConfig.pool(vertx, settings);
    // BIND_HOST as DeploymentPlan decided it: loopback while the development tokens are in use.
    return ManagementServer.start(vertx, settings.string(Settings.BIND_HOST), plan.port(),
            ReadinessChecks.create(vertx, plan.checks(), redis, pool, settings))
        .onSuccess(started -> server = started)
        .mapEmpty();
  }

  /** On a client of its own, closed once answered; never delays or fails the start. */
  private void reportRedisDurability() {
    boolean production = settings.production();
    Redis client = Redis.createClient(vertx, RedisConfig.options(settings));
    RedisDurabilityProbe.read(client, PROBE_TIMEOUT_MS).eventually(client::close).onSuccess(durability -> {
      if (durability.alarming(production)) {
        log.warn("!!! PLATFORM_ENV=production and Redis does not persist: {}. Accepted packets are only as safe as"
            + " Redis: set appendonly yes (appendfsync everysec) on the server", durability.guarantee());
      } else if (production && durability.mode() == RedisDurability.Mode.UNKNOWN) {
        log.warn("Redis persistence: {}", durability.guarantee());
      } else {
        log.info("Redis persistence: {}: {}", durability.mode().label(), durability.guarantee());
      }
    });
  }

  /** Where the dashboard serves them, the dashboard's port (again after it was redeployed on another one). */
  private Integer recordPort() {
    Integer port = BoundPorts.port(vertx, BoundPorts.DASHBOARD);
    if (port != null && !Objects.equals(port, BoundPorts.port(vertx, BoundPorts.MANAGEMENT))) {
      BoundPorts.record(vertx, BoundPorts.MANAGEMENT, port);
    }
    return port;
  }

  /** "host:port" of this node's management endpoint, for the admin API's list of nodes. */
  String address() {
    Integer port = server != null ? Integer.valueOf(server.port()) : recordPort();
    return port == null ? null : plan.address(port);
  }

  Future<Void> close() {
    return Future.join(server == null ? Future.succeededFuture() : server.close(),
            redis == null ? Future.succeededFuture() : redis.close(),
            pool == null ? Future.succeededFuture() : pool.close())
        .mapEmpty();
  }
}
