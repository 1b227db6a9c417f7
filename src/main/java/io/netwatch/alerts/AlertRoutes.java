package io.netwatch.alerts;

import io.netwatch.model.Addresses;
import io.netwatch.model.InvalidPacketException;
import io.netwatch.model.PlainJson;
import io.netwatch.ops.AdminApi;
import io.netwatch.ops.TokenCheck;
import io.netwatch.web.JsonResponses;
import io.netwatch.web.QueryParams;
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

import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/alerts} and {@code GET /api/v1/alerts/{id}} for viewers; {@code POST /api/v1/alerts/{id}/ack}
 * for admins (Bearer ADMIN_TOKEN), which publishes the acknowledged alert on {@link Addresses#ALERTS_UPDATED}.
 */
public final class AlertRoutes {
  private static final Logger log = LoggerFactory.getLogger(AlertRoutes.class);
  static final int BODY_LIMIT = 16 * 1024;

  private final Vertx vertx;
  private final AlertRepository alerts;
  private final TokenCheck adminToken;

  public AlertRoutes(Vertx vertx, SqlClient client, TokenCheck adminToken) {
    this.vertx = vertx;
    this.alerts = new AlertRepository(client);
    this.adminToken = adminToken;
  }

  /** The admin route: mount it before the viewer-session handler (a token needs no cookie). */
  public void mountAdmin(Router router) {
    // Authentication on a route of its own, so that no body is read for a caller without the token.
    router.post("/api/v1/alerts/:id/ack").handler(AdminApi.requireAdmin(adminToken));
    router.post("/api/v1/alerts/:id/ack").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
        .handler(this::acknowledge);
  }

  /** The reads: mount them after the viewer-session handler. */
  public void mountViewer(Router router) {
    router.get("/api/v1/alerts").handler(this::list);
    router.get("/api/v1/alerts/:id").handler(this::show);
  }

  private void list(RoutingContext ctx) {
    AlertQuery query;
    try {
      query = AlertQuery.parse(name -> ctx.queryParams().get(name));
    } catch (InvalidPacketException e) {
      JsonResponses.send(ctx, 400, e.getMessage(), e.field());
      return;
    }
    alerts.find(query)
        .onSuccess(rows -> JsonResponses.json(ctx, 200, new JsonObject()
            .put("alerts", new JsonArray(List.copyOf(rows)))
            .put("next_before_id", rows.size() == query.limit() ? rows.get(rows.size() - 1).getLong("id") : null)))
        .onFailure(err -> databaseUnavailable(ctx, err));
  }

  private void show(RoutingContext ctx) {
    Long id = pathId(ctx);
    if (id == null) return;
    alerts.byId(id)
        .compose(alert -> alert == null ? Future.succeededFuture((JsonObject) null)
            : alerts.packets(id, alert.getString("detector"))
                .map(packets -> new JsonObject().put("alert", alert).put("packets", new JsonArray(List.copyOf(packets)))))
        .onSuccess(body -> {
          if (body == null) notFound(ctx, id); else JsonResponses.json(ctx, 200, body);
        })
        .onFailure(err -> databaseUnavailable(ctx, err));
  }

  private void acknowledge(RoutingContext ctx) {
    Long id = pathId(ctx);
    if (id == null) return;
    AckRequest ack;
    try {
      Map<String, Object> body = jsonObjectBody(ctx);
      if (body == null) return;
      ack = AckRequest.parse(body);
    } catch (InvalidPacketException e) {
      JsonResponses.send(ctx, 422, e.getMessage(), e.field());
      return;
    }
    alerts.acknowledge(id, ack)
        .onSuccess(alert -> {
          if (alert == null) {
            notFound(ctx, id);
            return;
          }
          vertx.eventBus().publish(Addresses.ALERTS_UPDATED, alert);
          JsonResponses.json(ctx, 200, alert);
        })
        .onFailure(err -> databaseUnavailable(ctx, err));
  }

  private static void notFound(RoutingContext ctx, long id) {
    JsonResponses.send(ctx, 404, "no alert with id " + id, "id");
  }

  /** The {@code :id} path parameter, or null after answering 400. */
  static Long pathId(RoutingContext ctx) {
    try {
      Long id = QueryParams.positiveId(ctx.pathParam("id"), "id");
      if (id == null) throw new InvalidPacketException("id", "id must be a positive whole number");
      return id;
    } catch (InvalidPacketException e) {
      JsonResponses.send(ctx, 400, e.getMessage(), e.field());
      return null;
    }
  }

  /**
   * The request body as a plain map: an empty body is an empty object. Null after answering 400 when it is not a
   * JSON object.
   */
  static Map<String, Object> jsonObjectBody(RoutingContext ctx) {
    try {
      if (ctx.body().buffer() == null || ctx.body().buffer().length() == 0) return Map.of();
      if (Json.decodeValue(ctx.body().buffer()) instanceof JsonObject json) return PlainJson.map(json);
    } catch (DecodeException e) {
      // answered below
    }
    JsonResponses.send(ctx, 400, "body must be a JSON object", "body");
    return null;
  }

  static void databaseUnavailable(RoutingContext ctx, Throwable err) {
    log.warn("database query failed: {}", err.getMessage());
    ctx.response().putHeader("Retry-After", "1");
    JsonResponses.send(ctx, 503, "the database is unavailable; retry later", null);
  }
}
