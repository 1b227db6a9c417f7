package io.netwatch.ops;

import io.netwatch.web.JsonResponses;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code /admin/*} behind {@code Authorization: Bearer <ADMIN_TOKEN>}: list what every node runs, and
 * deploy, redeploy (with a new config JSON) or undeploy a verticle by name on the nodes that run it.
 */
public final class AdminApi {
  private static final long DEPLOY_TIMEOUT_MS = 60_000;
  private static final int BODY_LIMIT = 256 * 1024;

  private final Vertx vertx;

  private AdminApi(Vertx vertx) {
    this.vertx = vertx;
  }

  /** A router to mount with {@code router.route("/admin/*").subRouter(...)}. */
  public static Router router(Vertx vertx, TokenCheck adminToken) {
    AdminApi api = new AdminApi(vertx);
    Router router = Router.router(vertx);
    router.route().handler(requireAdmin(adminToken));
    router.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    router.get("/verticles").handler(api::list);
    router.put("/verticles/:name").handler(ctx -> api.act(ctx, AdminProtocol.REDEPLOY));
    router.post("/verticles/:name").handler(ctx -> api.act(ctx, AdminProtocol.DEPLOY));
    router.delete("/verticles/:name").handler(ctx -> api.act(ctx, AdminProtocol.UNDEPLOY));
    return router;
  }

  /**
   * A handler that lets a request with {@code Authorization: Bearer <ADMIN_TOKEN>} go on and answers any other
   * 401 with {@code WWW-Authenticate: Bearer}. Route it before any body handler, so that no body is read first.
   */
  public static Handler<RoutingContext> requireAdmin(TokenCheck adminToken) {
    return ctx -> {
      if (adminToken.matchesBearer(ctx.request().getHeader("Authorization"))) {
        ctx.next();
      } else {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        JsonResponses.send(ctx, 401, "missing or invalid admin token", "Authorization");
      }
    };
  }

  private Future<List<JsonObject>> nodes() {
    return vertx.sharedData().<String, JsonObject>getAsyncMap(AdminProtocol.NODES_MAP)
        .compose(AsyncMap::values)
        .map(values -> {
          List<JsonObject> sorted = new ArrayList<>(values);
          sorted.sort((a, b) -> a.getString("node").compareTo(b.getString("node")));
          return sorted;
        });
  }

  private void list(RoutingContext ctx) {
    nodes().onSuccess(nodes -> JsonResponses.json(ctx, 200, new JsonObject().put("nodes", new JsonArray(nodes))))
        .onFailure(err -> JsonResponses.send(ctx, 503, "cluster state unavailable: " + err.getMessage(), null));
  }

  private void act(RoutingContext ctx, String action) {
    String name = ctx.pathParam("name");
    JsonObject body;
    try {
      body = ctx.body().isEmpty() ? new JsonObject() : ctx.body().asJsonObject();
      if (body == null) body = new JsonObject();
    } catch (DecodeException | ClassCastException e) {
      JsonResponses.send(ctx, 400, "body must be a JSON object", "body");
      return;
    }
    Integer instances;
    try {
      String param = ctx.queryParams().get("instances");
      instances = param == null ? null : Integer.valueOf(param);
    } catch (NumberFormatException e) {
      JsonResponses.send(ctx, 400, "instances must be a whole number", "instances");
      return;
    }
    JsonObject request = new JsonObject().put("action", action).put("name", name).put("instances", instances);
    if (action.equals(AdminProtocol.DEPLOY)) {
      // POST takes {"class": ..., "instances": ..., "worker": ..., "config": {...}}.
      request.put("class", body.getValue("class")).put("worker", body.getValue("worker"))
          .put("config", body.getValue("config") instanceof JsonObject c ? c : new JsonObject());
      if (instances == null && body.getValue("instances") instanceof Number n) request.put("instances", n.intValue());
    } else {
      // PUT's body is the verticle's new config.
      request.put("config", body);
    }
    String node = ctx.queryParams().get("node");
    nodes().compose(all -> targets(all, name, action, node))
        .compose(targets -> send(targets, request))
        .onSuccess(results -> JsonResponses.json(ctx, action.equals(AdminProtocol.DEPLOY) ? 201 : 200,
            new JsonObject().put("action", action).put("name", name).put("results", new JsonArray(results))))
        .onFailure(err -> {
          int status = err instanceof ReplyException re && re.failureCode() > 0 ? re.failureCode() : 422;
          if (err instanceof TargetException te) status = te.status;
          JsonResponses.send(ctx, status, err.getMessage(), status == 404 ? "name" : "config");
        });
  }

  private static Future<List<String>> targets(List<JsonObject> nodes, String name, String action, String node) {
    List<String> targets = new ArrayList<>();
    for (JsonObject n : nodes) {
      if (node != null && !node.equals(n.getString("node"))) continue;
      boolean runs = n.getJsonArray("verticles", new JsonArray()).stream()
          .anyMatch(v -> name.equals(((JsonObject) v).getString("name")));
      if (action.equals(AdminProtocol.DEPLOY) ? !runs : runs) targets.add(n.getString("node"));
    }
    if (action.equals(AdminProtocol.DEPLOY) && node == null && targets.size() > 1) {
      return Future.failedFuture(new TargetException(400, "several nodes could run " + name + ": choose one with ?node="));
    }
    if (targets.isEmpty()) {
      return Future.failedFuture(action.equals(AdminProtocol.DEPLOY)
          ? new TargetException(409, name + " already runs on " + (node == null ? "every node" : node))
          : new TargetException(404, "no node runs a verticle named " + name));
    }
    return Future.succeededFuture(targets);
  }

  private Future<List<JsonObject>> send(List<String> targets, JsonObject request) {
    List<Future<JsonObject>> replies = new ArrayList<>();
    for (String node : targets) {
      replies.add(vertx.eventBus().<JsonObject>request(AdminProtocol.nodeAddress(node), request,
          new DeliveryOptions().setSendTimeout(DEPLOY_TIMEOUT_MS)).map(Message::body));
    }
    return Future.all(replies).map(all -> all.<JsonObject>list());
  }

  private static final class TargetException extends RuntimeException {
    private final int status;

    TargetException(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

}
