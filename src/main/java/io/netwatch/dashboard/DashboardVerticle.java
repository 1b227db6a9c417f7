package io.netwatch.dashboard;

import io.netwatch.alerts.AlertRoutes;
import io.netwatch.alerts.SuppressionRoutes;
import io.netwatch.ingest.IngestHandler;
import io.netwatch.model.PlainJson;
import io.netwatch.config.Settings;
import io.netwatch.model.InvalidPacketException;
import io.netwatch.model.PacketValidator;
import io.netwatch.model.Addresses;
import io.netwatch.model.Anomaly;
import io.netwatch.model.Messages;
import io.netwatch.ops.AdminApi;
import io.netwatch.ops.BoundPorts;
import io.netwatch.ops.ManagementRoutes;
import io.netwatch.ops.ReadinessChecks;
import io.netwatch.ops.TokenCheck;
import io.netwatch.persistence.AnomalyQuery;
import io.netwatch.persistence.AnomalyRepository;
import io.netwatch.persistence.PgConfig;
import io.netwatch.redis.RedisConfig;
import io.netwatch.sensors.SensorRoutes;
import io.netwatch.web.JsonResponses;
import io.netwatch.web.ServerConnections;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Operator-facing web server on BIND_HOST:WEB_PORT: the dashboard page, the SockJS event-bus bridge
 * (browsers may receive {@code anomalies.*} and send nothing), the history and submission API, health and
 * readiness, and the ingest route (INGESTION_PATH, the same {@link IngestHandler} as the ingest port's, as
 * the old system served everything on one port). The page, the API reads and the bridge need a viewer
 * session when VIEWER_TOKEN is set ({@link ViewerAccess}).
 */
public final class DashboardVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(DashboardVerticle.class);
  private static final int API_BODY_LIMIT = 1024 * 1024;
  private static final int MAX_STATS_MINUTES = 30 * 24 * 60;
  private static final int TOP_TALKERS = 10;
  private static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
          + " frame-ancestors 'none'";

  private Settings settings;
  private Pool pool;
  private Redis redis;
  private AnomalyRepository repository;
  private TokenCheck workerToken;
  private PacketValidator validator;
  private LiveFeed liveFeed;
  private StatsPublisher stats;
  private IngestHandler ingest;
  private ViewerAccess viewers;

  @Override
  public Future<?> start() {
    settings = new Settings(config().getMap());
    String ingestionPath = settings.string(Settings.INGESTION_PATH);
    if (!WebPaths.ingestionPathFree(ingestionPath)) {
      return Future.failedFuture(new IllegalArgumentException("INGESTION_PATH " + ingestionPath
          + " is also a route of the web port: choose a path outside " + WebPaths.RESERVED));
    }
    workerToken = new TokenCheck(settings.string(Settings.ANOMALY_WORKER_TOKEN));
    viewers = new ViewerAccess(vertx, settings.string(Settings.VIEWER_TOKEN));
    if (viewers.open()) {
      log.warn("!!! VIEWER_TOKEN is not set: the dashboard, its API and its live feed are open to anyone who can"
          + " reach this port (development only; PLATFORM_ENV=production requires it)");
    }
    validator = new PacketValidator(settings.integer(Settings.MAX_PAYLOAD_HEX));
    pool = PgConfig.pool(vertx, settings);
    redis = Redis.createClient(vertx, RedisConfig.options(settings));
    repository = new AnomalyRepository(pool);
    stats = new StatsPublisher(vertx);
    stats.start();
    liveFeed = new LiveFeed(vertx, stats);
    liveFeed.start();
    ingest = new IngestHandler(vertx, settings);
    ServerConnections connections = new ServerConnections(vertx, BoundPorts.DASHBOARD, settings);
    return connections.install(vertx.createHttpServer(connections.options(new HttpServerOptions()
            .setMaxHeaderSize(8 * 1024).setTcpNoDelay(true))), router())
        .listen(settings.integer(Settings.WEB_PORT), connections.bindHost())
        .onSuccess(server -> BoundPorts.record(vertx, BoundPorts.DASHBOARD, connections.bindHost(),
            server.actualPort()));
  }

  @Override
  public Future<?> stop() {
    liveFeed.stop();
    stats.stop();
    return Future.join(pool.close(), redis.close(), ingest.close());
  }

  private Router router() {
    Router router = Router.router(vertx);
    router.route().handler(this::securityHeaders);
    ManagementRoutes.mount(router, ReadinessChecks.create(vertx, redis, pool, settings));
    TokenCheck adminToken = new TokenCheck(settings.string(Settings.ADMIN_TOKEN));
    router.route("/admin/*").subRouter(AdminApi.router(vertx, adminToken));
    // Compared as the ingest port does, literally (a route path would read ':' and '*' as patterns).
    router.route().handler(ctx -> {
      if (ingest.path().equals(ctx.request().path())) ingest.handle(ctx.request()); else ctx.next();
    });
    // Authentication first, on a route of its own, so that a caller without the token never gets a body read.
    router.post("/api/v1/anomalies").handler(this::authenticateWorker);
    router.post("/api/v1/anomalies")
        .handler(BodyHandler.create(false).setBodyLimit(API_BODY_LIMIT))
        .handler(this::submitResult);
    AlertRoutes alerts = new AlertRoutes(vertx, pool, adminToken);
    alerts.mountAdmin(router);
    new SuppressionRoutes(vertx, pool, adminToken).mount(router);
    // notify/: recipients and their deliveries (admin), where an alert went (viewer, below).
    new io.netwatch.notify.RecipientRoutes(vertx, pool, adminToken).mount(router);
    io.netwatch.notify.DeliveryRoutes deliveries = new io.netwatch.notify.DeliveryRoutes(vertx, pool);
    deliveries.mountAdmin(router);
    SensorRoutes sensors = new SensorRoutes(vertx, pool, adminToken, settings);
    sensors.mountAdmin(router);
    // Sensors, scorers and admins have their tokens; viewers need a session from here on.
    viewers.publicRoutes(router);
    router.route().handler(viewers::requireSession);
    ExportRoutes.mount(router, pool);
    router.get("/api/v1/anomalies").handler(this::listAnomalies);
    alerts.mountViewer(router);
    sensors.mountViewer(router);
    deliveries.mountViewer(router);
    router.get("/api/v1/stats").handler(this::recentStats);
    // Deny-all inbound is the bridge's default; the live feed refuses sends too, and keeps its subscribers.
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx).bridge(bridgeOptions(), liveFeed::handle));
    router.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
    router.route("/*").handler(StaticHandler.create("webroot"));
    router.route().failureHandler(JsonResponses::onFailure);
    return router;
  }

  private static SockJSBridgeOptions bridgeOptions() {
    return new SockJSBridgeOptions()
        .addOutboundPermitted(new PermittedOptions().setAddressRegex(Addresses.BROWSER_OUTBOUND_REGEX));
  }

  private void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("Referrer-Policy", "no-referrer");
    ctx.next();
  }

  private void listAnomalies(RoutingContext ctx) {
    AnomalyQuery query;
    try {
      query = HistoryQuery.parse(name -> ctx.queryParams().get(name));
    } catch (InvalidPacketException e) {
      JsonResponses.send(ctx, 400, e.getMessage(), e.field());
      return;
    }
    repository.find(query)
        .onSuccess(rows -> JsonResponses.json(ctx, 200, new JsonObject()
            .put("anomalies", new JsonArray(List.copyOf(rows)))
            .put("next_before_id", rows.size() == query.limit() ? rows.get(rows.size() - 1).getLong("id") : null)))
        .onFailure(err -> databaseUnavailable(ctx, err));
  }

  private void recentStats(RoutingContext ctx) {
    int minutes;
    try {
      String value = ctx.queryParams().get("minutes");
      minutes = value == null || value.isBlank() ? 15 : Integer.parseInt(value.strip());
      if (minutes < 1 || minutes > MAX_STATS_MINUTES) throw new NumberFormatException();
    } catch (NumberFormatException e) {
      JsonResponses.send(ctx, 400, "minutes must be between 1 and " + MAX_STATS_MINUTES, "minutes");
      return;
    }
    repository.recentStats(minutes, TOP_TALKERS)
        .onSuccess(body -> JsonResponses.json(ctx, 200, body))
        .onFailure(err -> databaseUnavailable(ctx, err));
  }

  private static void databaseUnavailable(RoutingContext ctx, Throwable err) {
    log.warn("database query failed: {}", err.getMessage());
    ctx.response().putHeader("Retry-After", "1");
    JsonResponses.send(ctx, 503, "the database is unavailable; retry later", null);
  }

  /** The anomaly with the received_at of the row already stored under its stream id, if there is one. */
  private Future<Anomaly> withStoredTime(Anomaly a) {
    return repository.receivedAtOf(a.streamId()).map(stored -> stored == null ? a
        : new Anomaly(a.streamId(), a.packet(), a.entropy(), a.score(), a.severity(), a.reasons(), stored));
  }

  private void authenticateWorker(RoutingContext ctx) {
    if (workerToken.matches(ctx.request().getHeader("X-Worker-Token"))) {
      ctx.next();
    } else {
      JsonResponses.send(ctx, 401, "missing or invalid worker token", "X-Worker-Token");
    }
  }

  private void submitResult(RoutingContext ctx) {
    Anomaly anomaly;
    boolean resubmissionWithoutTime;
    try {
      Object body = ctx.body().buffer() == null ? null : io.vertx.core.json.Json.decodeValue(ctx.body().buffer());
      if (!(body instanceof JsonObject json)) {
        JsonResponses.send(ctx, 422, "body must be a JSON object", "body");
        return;
      }
      anomaly = ExternalResult.validate(PlainJson.map(json), validator, System.currentTimeMillis());
      // Its key is (stream_id, received_at): a resubmission without its time must find the stored one.
      resubmissionWithoutTime = json.getValue("stream_id") != null && json.getValue("received_at") == null;
    } catch (DecodeException e) {
      JsonResponses.send(ctx, 422, "body is not valid JSON", "body");
      return;
    } catch (InvalidPacketException e) {
      JsonResponses.send(ctx, 422, e.getMessage(), e.field());
      return;
    }
    (resubmissionWithoutTime ? withStoredTime(anomaly) : Future.succeededFuture(anomaly))
        .compose(keyed -> vertx.eventBus().<JsonObject>request(Addresses.STORE,
            Messages.anomalies(List.of(Messages.anomaly(keyed))), new DeliveryOptions().setSendTimeout(10_000)))
        .onSuccess(reply -> {
          int stored = reply.body().getInteger("stored", 0);
          JsonResponses.json(ctx, stored > 0 ? 201 : 200, new JsonObject()
              .put("stream_id", anomaly.streamId())
              .put("stored", stored)
              .put("score", anomaly.score())
              .put("severity", anomaly.severity().label()));
        })
        .onFailure(err -> {
          log.warn("external result not stored: {}", err.getMessage());
          ctx.response().putHeader("Retry-After", "1");
          JsonResponses.send(ctx, 503, "persistence is unavailable; retry later", null);
        });
  }
}
