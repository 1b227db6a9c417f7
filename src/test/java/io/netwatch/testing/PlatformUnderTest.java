package io.netwatch.testing;

import io.netwatch.PlatformVerticle;
import io.netwatch.config.DeploymentPlan;
import io.netwatch.ops.BoundPorts;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The whole platform deployed in the test's Vert.x, against the real Redis and a database of its own,
 * with its own stream name. No machine environment variable leaks in. Its HTTP servers listen on ports
 * the OS picks when they bind ({@link #RANDOM_INGEST_PORT}); {@link #ingestPort()} and {@link #webPort()}
 * read them back. Test classes get one from {@link Platform}; {@link #create()} is for other test engines
 * (jqwik).
 */
public final class PlatformUnderTest implements PlatformPorts, AutoCloseable {
  public static final String INGEST_TOKEN = "test-ingest-token";
  public static final String WORKER_TOKEN = "test-worker-token";
  public static final String ADMIN_TOKEN = "test-admin-token";
  /** Not in {@link #config()}: with it ({@link #withViewerToken}) the page, API reads and bridge need a session. */
  public static final String VIEWER_TOKEN = "test-viewer-token";
  /**
   * Ports the OS picks at bind time. Vert.x 5 binds a negative port n as port 0, once, and shares that
   * server between every server listening on n in the same Vert.x (port 0 would give each instance a port
   * of its own): so all ingest instances share one random port, and the dashboard has another.
   */
  public static final int RANDOM_INGEST_PORT = -1;
  public static final int RANDOM_WEB_PORT = -2;
  /**
   * Where a node without a dashboard serves /health, /ready and /metrics: a port picked at bind time too (the
   * default, 9464, would collide between test JVMs). A node with a dashboard then has a server of its own as
   * well, since this differs from its web port; a config without the key leaves them on the dashboard.
   */
  public static final int RANDOM_MANAGEMENT_PORT = -3;

  public final Vertx vertx;
  public final TestDatastores.TestDatabase database;
  public final String stream;
  public final Redis redis;
  /** A client for the platform's HTTP ports, closed with the platform. */
  public final WebClient http;
  private final boolean ownsVertx;
  private final List<String> deployments = new ArrayList<>();

  /** On the caller's Vert.x, which the caller closes after {@link #close()}. */
  public PlatformUnderTest(Vertx vertx) {
    this(vertx, false);
  }

  private PlatformUnderTest(Vertx vertx, boolean ownsVertx) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.database = TestDatastores.createDatabase();
    this.stream = TestDatastores.uniqueStream();
    this.redis = Redis.createClient(vertx, TestDatastores.redisUrl());
    this.http = WebClient.create(vertx);
  }

  /** On a Vert.x of its own, closed by {@link #close()}. */
  public static PlatformUnderTest create() {
    Vertx vertx = Vertx.vertx();
    try {
      return new PlatformUnderTest(vertx, true);
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
  }

  /** Settings shared by every verticle; callers may add to it before {@link #deploy}. */
  public JsonObject config() {
    return new JsonObject()
        .put("redis_url", TestDatastores.redisUrl())
        .put("database_url", database.url())
        .put("redis_stream_name", stream)
        .put("consumer_group", "analyzers")
        .put("ingest_port", RANDOM_INGEST_PORT)
        .put("web_port", RANDOM_WEB_PORT)
        .put("management_port", RANDOM_MANAGEMENT_PORT)
        .put("ingestion_token", INGEST_TOKEN)
        .put("anomaly_worker_token", WORKER_TOKEN)
        .put("admin_token", ADMIN_TOKEN)
        .put("thread_count", 2)
        .put("block_ms", 500)
        // Its own detector windows in the shared Redis, as it has its own stream.
        .put("detection", new JsonObject().put("key_prefix", "det:" + stream + ":"));
  }

  /** {@code config} with VIEWER_TOKEN set: viewers must log in. */
  public static JsonObject withViewerToken(JsonObject config) {
    return config.put("viewer_token", VIEWER_TOKEN);
  }

  public PlatformUnderTest deploy() {
    return deploy(config());
  }

  public PlatformUnderTest deploy(JsonObject config) {
    deployments.add(Await.result(
        vertx.deployVerticle(new PlatformVerticle(Map.of()), new DeploymentOptions().setConfig(config)), 60));
    return this;
  }

  /** Deploys only the named verticles of the default plan, e.g. "scorer", "detector", "stream-consumer". */
  public String deployOnly(JsonObject config, String... names) {
    String id = Await.result(vertx.deployVerticle(new PlatformVerticle(Map.of()),
        new DeploymentOptions().setConfig(config.copy().put("verticles", verticles(names)))), 60);
    deployments.add(id);
    return id;
  }

  /** The named entries of the default plan, as a config's "verticles" list. */
  public static JsonArray verticles(String... names) {
    JsonArray verticles = new JsonArray();
    for (Map<String, Object> entry : DeploymentPlan.ALL_IN_ONE) {
      if (List.of(names).contains(entry.get("name"))) verticles.add(new JsonObject(entry));
    }
    return verticles;
  }

  /** The port the role is listening on now, as {@link BoundPorts} recorded it: after a redeploy, the new one. */
  @Override
  public int port(String role) {
    Integer port = BoundPorts.port(vertx, role);
    if (port == null) throw new AssertionError(role + " is not listening: it was never deployed");
    return port;
  }

  /** A POST to the ingest route with the ingest token. */
  public HttpRequest<Buffer> ingestRequest() {
    return ingestRequest(ingestPort());
  }

  /** The same, to an ingest on another port (e.g. a {@link ChildPlatform}'s with this config). */
  public HttpRequest<Buffer> ingestRequest(int port) {
    return http.post(port, "127.0.0.1", "/ingest").putHeader("Authorization", "Bearer " + INGEST_TOKEN);
  }

  /** Posts one body to the ingest route with the ingest token. */
  public HttpResponse<Buffer> ingest(String body) {
    return Await.result(ingestRequest().sendBuffer(Buffer.buffer(body)), 15);
  }

  /** A request to the web port (dashboard, REST API, admin API), without credentials. */
  public HttpRequest<Buffer> web(HttpMethod method, String uri) {
    return http.request(method, webPort(), "127.0.0.1", uri);
  }

  public HttpResponse<Buffer> get(String uri) {
    return Await.result(web(HttpMethod.GET, uri).send(), 10);
  }

  /** A browser's WebSocket to the dashboard's event-bus bridge. */
  public BridgeSocket bridge() {
    return new BridgeSocket(vertx, webPort());
  }

  /** The same, with a viewer's session cookie ({@link #login()}). */
  public BridgeSocket bridge(String sessionCookie) {
    return new BridgeSocket(vertx, webPort(), sessionCookie);
  }

  /**
   * Logs in with {@link #VIEWER_TOKEN} as a script would ({@code POST /login}, JSON): the session cookie as
   * {@code name=value}, for a request's {@code Cookie} header.
   */
  public String login() {
    HttpResponse<Buffer> response = Await.result(web(HttpMethod.POST, "/login")
        .sendJsonObject(new JsonObject().put("token", VIEWER_TOKEN)), 10);
    if (response.statusCode() != 204) throw new AssertionError("login refused: " + response.statusCode());
    String cookie = response.cookies().stream().filter(c -> c.startsWith("netwatch_session=")).findFirst()
        .orElseThrow(() -> new AssertionError("login set no session cookie: " + response.cookies()));
    return cookie.substring(0, cookie.indexOf(';') < 0 ? cookie.length() : cookie.indexOf(';'));
  }

  public Response redis(Request request) {
    return Await.result(redis.send(request), 10);
  }

  public long streamLength() {
    return redis(Request.cmd(Command.XLEN).arg(stream)).toLong();
  }

  /**
   * Entries ever appended to the stream (XINFO's entries-added): unlike its length, trimming acknowledged
   * entries never lowers it, so "nothing was written" can be checked while the consumer runs.
   */
  public long entriesAdded() {
    io.vertx.redis.client.Response info = redis(Request.cmd(Command.XINFO).arg("STREAM").arg(stream));
    io.vertx.redis.client.Response added = info.get("entries-added"); // a map: the client speaks RESP3
    if (added == null) throw new IllegalStateException("XINFO STREAM did not answer entries-added");
    return added.toLong();
  }

  /**
   * Whether the analyzers' group has acknowledged every entry of the stream: none left to read, none
   * pending. The consumer acknowledges a batch only once it is stored and through detection.
   */
  public boolean allAcknowledged() {
    for (Response group : redis(Request.cmd(Command.XINFO).arg("GROUPS").arg(stream))) {
      if (!"analyzers".equals(group.get("name").toString())) continue;
      Response lag = group.get("lag");
      return lag != null && lag.toLong() == 0 && group.get("pending").toLong() == 0;
    }
    return false;
  }

  public long pendingCount() {
    Response summary = redis(Request.cmd(Command.XPENDING).arg(stream).arg("analyzers"));
    return summary.get(0).toLong();
  }

  public long rows() {
    return database.count("SELECT count(*) FROM anomalies");
  }

  /**
   * Closes its HTTP client (so that the ingest drain finds no kept-alive connection to wait for), undeploys
   * what it deployed, deletes its streams, closes its other clients (and its Vert.x), drops its database.
   */
  @Override
  public void close() {
    try {
      try {
        http.close();
        for (int i = deployments.size() - 1; i >= 0; i--) {
          if (vertx.deploymentIDs().contains(deployments.get(i))) Await.result(vertx.undeploy(deployments.get(i)), 60);
        }
        redis(Request.cmd(Command.DEL).arg(stream).arg(stream + ":dead"));
        Await.result(redis.close(), 5);
      } finally {
        if (ownsVertx) Await.result(vertx.close());
      }
    } finally {
      database.close();
    }
  }
}
