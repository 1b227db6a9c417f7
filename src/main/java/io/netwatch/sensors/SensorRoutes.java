package io.netwatch.sensors;

import io.netwatch.config.Settings;
import io.netwatch.model.InvalidPacketException;
import io.netwatch.model.PlainJson;
import io.netwatch.ops.AdminApi;
import io.netwatch.ops.TokenCheck;
import io.netwatch.web.JsonResponses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.SqlClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * {@code /api/v1/sensors}: admins (Bearer ADMIN_TOKEN) register, rotate and revoke sensors; viewers list them with
 * their health. A new token is in the 201 or 200 answer only, never logged or stored (its SHA-256 digest is).
 * After a change this node reloads its snapshot before answering and every other node on
 * {@link SensorEvents#CHANGED}. Health counters are this node's ({@code "health_scope": "node"}); last_seen_at and
 * silent are the cluster's (every node writes its last-seen times to the table).
 */
public final class SensorRoutes {
  private static final Logger log = LoggerFactory.getLogger(SensorRoutes.class);
  static final int BODY_LIMIT = 16 * 1024;

  private final Vertx vertx;
  private final SensorRepository sensors;
  private final SensorNode node;
  private final TokenCheck adminToken;
  private final int silentAfterSeconds;

  public SensorRoutes(Vertx vertx, SqlClient client, TokenCheck adminToken, Settings settings) {
    this.vertx = vertx;
    this.sensors = new SensorRepository(client);
    this.node = SensorNode.of(vertx, settings.string(Settings.INGESTION_TOKEN));
    this.adminToken = adminToken;
    this.silentAfterSeconds = settings.integer(Settings.SENSOR_SILENT_AFTER_SECONDS);
  }

  /** The admin routes: mount them before the viewer-session handler. */
  public void mountAdmin(Router router) {
    // Authentication on routes of their own, so that no body is read for a caller without the token.
    router.post("/api/v1/sensors").handler(AdminApi.requireAdmin(adminToken));
    router.post("/api/v1/sensors/:name/rotate").handler(AdminApi.requireAdmin(adminToken));
    router.delete("/api/v1/sensors/:name").handler(AdminApi.requireAdmin(adminToken));
    BodyHandler bodies = BodyHandler.create(false).setBodyLimit(BODY_LIMIT);
    router.post("/api/v1/sensors").handler(bodies).handler(this::register);
    router.post("/api/v1/sensors/:name/rotate").handler(bodies).handler(this::rotate);
    router.delete("/api/v1/sensors/:name").handler(this::revoke);
  }

  /** The reads: mount them after the viewer-session handler. */
  public void mountViewer(Router router) {
    router.get("/api/v1/sensors").handler(this::list);
    router.get("/api/v1/sensors/:name").handler(this::show);
  }

  private void register(RoutingContext ctx) {
    SensorRequests.Registration registration;
    try {
      registration = SensorRequests.registration(body(ctx));
    } catch (InvalidPacketException e) {
      JsonResponses.send(ctx, 422, e.getMessage(), e.field());
      return;
    }
    String token = SensorTokens.newToken();
    sensors.insert(registration, SensorTokens.digest(token))
        .compose(row -> row == null ? Future.succeededFuture((JsonObject) null) : changed(row))
        .onSuccess(row -> {
          if (row == null) {
            JsonResponses.send(ctx, 409, "a sensor named " + registration.name() + " exists", "name");
          } else {
            log.info("sensor {} registered", registration.name());
            JsonResponses.json(ctx, 201, new JsonObject().put("sensor", withHealth(row)).put("token", token));
          }
        })
        .onFailure(err -> databaseUnavailable(ctx, err));
  }

  private void rotate(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    long overlap;
    try {
      overlap = SensorRequests.overlapSeconds(body(ctx));
    } catch (InvalidPacketException e) {
      JsonResponses.send(ctx, 422, e.getMessage(), e.field());
      return;
    }
    if (refuseDefault(ctx, name)) return;
    String token = SensorTokens.newToken();
    sensors.rotate(name, SensorTokens.digest(token), overlap)
        .compose(row -> row == null ? Future.succeededFuture((JsonObject) null) : changed(row))
        .onSuccess(row -> {
          if (row == null) {
            notFound(ctx, name);
          } else {
            log.info("sensor {} rotated; its previous token stays valid {} s", name, overlap);
            JsonResponses.json(ctx, 200, new JsonObject().put("sensor", withHealth(row)).put("token", token));
          }
        })
        .onFailure(err -> databaseUnavailable(ctx, err));
  }

  private void revoke(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    if (refuseDefault(ctx, name)) return;
    sensors.delete(name)
        .compose(deleted -> deleted ? changed(new JsonObject().put("name", name)).map(true) : Future.succeededFuture(false))
        .onSuccess(deleted -> {
          if (!deleted) {
            notFound(ctx, name);
          } else {
            log.info("sensor {} revoked", name);
            ctx.response().setStatusCode(204).end();
          }
        })
        .onFailure(err -> databaseUnavailable(ctx, err));
  }

  private void list(RoutingContext ctx) {
    sensors.list()
        .onSuccess(rows -> {
          JsonArray listed = new JsonArray();
          rows.forEach(row -> listed.add(withHealth(row)));
          JsonResponses.json(ctx, 200, new JsonObject().put("sensors", listed).put("health_scope", "node"));
        })
        .onFailure(err -> databaseUnavailable(ctx, err));
  }

  private void show(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    sensors.byName(name)
        .onSuccess(row -> {
          if (row == null) notFound(ctx, name); else JsonResponses.json(ctx, 200, withHealth(row));
        })
        .onFailure(err -> databaseUnavailable(ctx, err));
  }

  /** This node's snapshot first (so the answer's token works here at once), then every other node's. */
  private Future<JsonObject> changed(JsonObject row) {
    return node.reload(sensors)
        .onComplete(done -> vertx.eventBus().publish(SensorEvents.CHANGED, new JsonObject().put("name", row.getString("name"))))
        .map(row);
  }

  private JsonObject withHealth(JsonObject row) {
    long now = System.currentTimeMillis();
    String name = row.getString("name");
    SensorHealth health = node.health(name);
    Integer own = row.getInteger("silent_after_seconds");
    int silentAfter = own == null ? silentAfterSeconds : own;
    String lastSeen = row.getString("last_seen_at");
    Long lastSeenMillis = lastSeen == null ? null : java.time.Instant.parse(lastSeen).toEpochMilli();
    if (health != null && health.lastSeenMillis() > 0) {
      lastSeenMillis = Math.max(lastSeenMillis == null ? 0 : lastSeenMillis, health.lastSeenMillis());
    }
    return row.copy()
        .put("silent", SilentSensors.silent(lastSeenMillis, silentAfter, now))
        .put("health", health == null ? null : new JsonObject(health.snapshot(now)));
  }

  private static boolean refuseDefault(RoutingContext ctx, String name) {
    if (!Sensor.DEFAULT.equals(name)) return false;
    JsonResponses.send(ctx, 409, "'default' is INGESTION_TOKEN's sensor: change INGESTION_TOKEN to rotate or revoke it",
        "name");
    return true;
  }

  /** The body as a plain map (empty: an empty object); not a JSON object is a 422 naming "body". */
  private static Map<String, Object> body(RoutingContext ctx) {
    if (ctx.body().buffer() == null || ctx.body().buffer().length() == 0) return Map.of();
    try {
      if (Json.decodeValue(ctx.body().buffer()) instanceof JsonObject json) return PlainJson.map(json);
    } catch (DecodeException e) {
      // answered below
    }
    throw new InvalidPacketException("body", "body must be a JSON object");
  }

  private static void notFound(RoutingContext ctx, String name) {
    JsonResponses.send(ctx, 404, "no sensor named " + name, "name");
  }

  private static void databaseUnavailable(RoutingContext ctx, Throwable err) {
    log.warn("sensors query failed: {}", err.getMessage());
    ctx.response().putHeader("Retry-After", "1");
    JsonResponses.send(ctx, 503, "the database is unavailable; retry later", null);
  }
}
