package io.netwatch.testing;

import io.netwatch.PlatformVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.Map;

/**
 * The whole platform deployed in the test's Vert.x, against the real Redis and a database of its own,
 * on free ports, with its own stream name. No machine environment variable leaks in.
 */
public final class PlatformUnderTest implements AutoCloseable {
  public static final String INGEST_TOKEN = "test-ingest-token";
  public static final String WORKER_TOKEN = "test-worker-token";
  public static final String ADMIN_TOKEN = "test-admin-token";

  public final Vertx vertx;
  public final TestDatastores.TestDatabase database;
  public final String stream;
  public final int ingestPort;
  public final int webPort;
  public final Redis redis;
  private String deploymentId;

  public PlatformUnderTest(Vertx vertx) {
    this.vertx = vertx;
    this.database = TestDatastores.createDatabase();
    this.stream = TestDatastores.uniqueStream();
    this.ingestPort = TestDatastores.freePort();
    this.webPort = TestDatastores.freePort();
    this.redis = Redis.createClient(vertx, TestDatastores.redisUrl());
  }

  /** Settings shared by every verticle; callers may add to it before {@link #deploy}. */
  public JsonObject config() {
    return new JsonObject()
        .put("redis_url", TestDatastores.redisUrl())
        .put("database_url", database.url())
        .put("redis_stream_name", stream)
        .put("consumer_group", "analyzers")
        .put("ingest_port", ingestPort)
        .put("web_port", webPort)
        .put("ingestion_token", INGEST_TOKEN)
        .put("anomaly_worker_token", WORKER_TOKEN)
        .put("admin_token", ADMIN_TOKEN)
        .put("thread_count", 2)
        .put("block_ms", 500);
  }

  public PlatformUnderTest deploy() {
    return deploy(config());
  }

  public PlatformUnderTest deploy(JsonObject config) {
    deploymentId = Await.result(
        vertx.deployVerticle(new PlatformVerticle(Map.of()), new DeploymentOptions().setConfig(config)), 60);
    return this;
  }

  /** Deploys only the named verticles of the default plan, e.g. "scorer", "stream-consumer". */
  public String deployOnly(JsonObject config, String... names) {
    JsonArray verticles = new JsonArray();
    for (Map<String, Object> entry : io.netwatch.config.DeploymentPlan.ALL_IN_ONE) {
      if (java.util.Arrays.asList(names).contains(entry.get("name"))) verticles.add(new JsonObject(entry));
    }
    return Await.result(vertx.deployVerticle(new PlatformVerticle(Map.of()),
        new DeploymentOptions().setConfig(config.copy().put("verticles", verticles))), 60);
  }

  public Response redis(Request request) {
    return Await.result(redis.send(request), 10);
  }

  public long streamLength() {
    return redis(Request.cmd(Command.XLEN).arg(stream)).toLong();
  }

  public long pendingCount() {
    Response summary = redis(Request.cmd(Command.XPENDING).arg(stream).arg("analyzers"));
    return summary.get(0).toLong();
  }

  public long rows() {
    return database.count("SELECT count(*) FROM anomalies");
  }

  @Override
  public void close() {
    try {
      if (deploymentId != null) Await.result(vertx.undeploy(deploymentId));
      redis(Request.cmd(Command.DEL).arg(stream).arg(stream + ":dead"));
      Await.result(redis.close(), 5);
    } finally {
      database.close();
    }
  }
}
