package io.netwatch.alerts;

import io.netwatch.model.Addresses;
import io.netwatch.ops.AdminApi;
import io.netwatch.ops.TokenCheck;
import io.netwatch.web.JsonResponses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlClient;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/alerts} and {@code GET /api/v1/alerts/{id}} for viewers; {@code POST /api/v1/alerts/{id}/ack}
 * for admins (Bearer ADMIN_TOKEN), which publishes the acknowledged alert on {@link Addresses#ALERTS_UPDATED}.
 */
public final class AlertRoutes {
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
    router.post("/api/v1/alerts/:id/ack").handler(ApiRequests.boundedBody())
        .handler(this::acknowledge);
  }

  /** The reads: mount them after the viewer-session handler. */
  public void mountViewer(Router router) {
    router.get("/api/v1/alerts").handler(this::list);
    router.get("/api/v1/alerts/:id").handler(this::show);
  }

  private void list(RoutingContext ctx) {
    AlertQuery query = ApiRequests.parsed(ctx, 400, () -> AlertQuery.parse(name -> ctx.queryParams().get(name)));
    if (query == null) return;
    alerts.find(query)
        .onSuccess(rows -> JsonResponses.json(ctx, 200, new JsonObject()
            .put("alerts", new JsonArray(List.copyOf(rows)))
            .put("next_before_id", rows.size() == query.limit() ? rows.get(rows.size() - 1).getLong("id") : null)))
        .onFailure(err -> ApiRequests.databaseUnavailable(ctx, err));
  }

  private void show(RoutingContext ctx) {
    Long id = ApiRequests.pathId(ctx);
    if (id == null) return;
    alerts.byId(id)
        .compose(alert -> alert == null ? Future.succeededFuture((JsonObject) null)
            : alerts.packets(id, alert.getString("detector"))
                .map(packets -> new JsonObject().put("alert", alert).put("packets", new JsonArray(List.copyOf(packets)))))
        .onSuccess(body -> {
          if (body == null) ApiRequests.notFound(ctx, "alert", id); else JsonResponses.json(ctx, 200, body);
        })
        .onFailure(err -> ApiRequests.databaseUnavailable(ctx, err));
  }

  private void acknowledge(RoutingContext ctx) {
    Long id = ApiRequests.pathId(ctx);
    if (id == null) return;
    Map<String, Object> body = ApiRequests.jsonObjectBody(ctx);
    if (body == null) return;
    AckRequest ack = ApiRequests.parsed(ctx, 422, () -> AckRequest.parse(body));
    if (ack == null) return;
    alerts.acknowledge(id, ack)
        .onSuccess(alert -> {
          if (alert == null) {
            ApiRequests.notFound(ctx, "alert", id);
            return;
          }
          vertx.eventBus().publish(Addresses.ALERTS_UPDATED, alert);
          JsonResponses.json(ctx, 200, alert);
        })
        .onFailure(err -> ApiRequests.databaseUnavailable(ctx, err));
  }
}
