package io.netwatch.alerts;

import io.netwatch.model.Addresses;
import io.netwatch.ops.AdminApi;
import io.netwatch.ops.TokenCheck;
import io.netwatch.web.JsonResponses;
import io.netwatch.web.QueryParams;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlClient;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/suppressions}, all behind Bearer ADMIN_TOKEN: create (POST), list (GET, {@code ?active=}), delete
 * (DELETE {@code /{id}}). A change is published as {@code {"id": n}} on {@link Addresses#SUPPRESSIONS_CHANGED},
 * for every node's detectors to reload their rules.
 */
public final class SuppressionRoutes {
  private final Vertx vertx;
  private final SuppressionRepository suppressions;
  private final TokenCheck adminToken;

  public SuppressionRoutes(Vertx vertx, SqlClient client, TokenCheck adminToken) {
    this.vertx = vertx;
    this.suppressions = new SuppressionRepository(client);
    this.adminToken = adminToken;
  }

  /** Mount before the viewer-session handler: an admin's token needs no cookie. */
  public void mount(Router router) {
    // Authentication first, on a route of its own (it matches /api/v1/suppressions too), before any body is read.
    router.route("/api/v1/suppressions/*").handler(AdminApi.requireAdmin(adminToken));
    router.post("/api/v1/suppressions").handler(ApiRequests.boundedBody())
        .handler(this::create);
    router.get("/api/v1/suppressions").handler(this::list);
    router.delete("/api/v1/suppressions/:id").handler(this::delete);
  }

  private void create(RoutingContext ctx) {
    Map<String, Object> body = ApiRequests.jsonObjectBody(ctx);
    if (body == null) return;
    SuppressionRequest request = ApiRequests.parsed(ctx, 422, () -> SuppressionRequest.parse(body, Instant.now()));
    if (request == null) return;
    suppressions.insert(request)
        .onSuccess(rule -> {
          changed(rule.getLong("id"));
          JsonResponses.json(ctx, 201, rule);
        })
        .onFailure(err -> ApiRequests.databaseUnavailable(ctx, err));
  }

  private void list(RoutingContext ctx) {
    // Optional: null (no ?active=) lists every rule, so the parser's answer is wrapped.
    Optional<Boolean> active = ApiRequests.parsed(ctx, 400,
        () -> Optional.ofNullable(QueryParams.bool(ctx.queryParams().get("active"), "active")));
    if (active == null) return;
    suppressions.list(active.orElse(null))
        .onSuccess(rules -> JsonResponses.json(ctx, 200,
            new JsonObject().put("suppressions", new JsonArray(List.copyOf(rules)))))
        .onFailure(err -> ApiRequests.databaseUnavailable(ctx, err));
  }

  private void delete(RoutingContext ctx) {
    Long id = ApiRequests.pathId(ctx);
    if (id == null) return;
    suppressions.delete(id)
        .onSuccess(deleted -> {
          if (!deleted) {
            ApiRequests.notFound(ctx, "suppression", id);
            return;
          }
          changed(id);
          ctx.response().setStatusCode(204).end();
        })
        .onFailure(err -> ApiRequests.databaseUnavailable(ctx, err));
  }

  private void changed(long id) {
    vertx.eventBus().publish(Addresses.SUPPRESSIONS_CHANGED, new JsonObject().put("id", id));
  }
}
