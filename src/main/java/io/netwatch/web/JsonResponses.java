package io.netwatch.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JSON answers and errors shared by the HTTP verticles: every error is {"error": ..., "field": ...}. */
public final class JsonResponses {
  private static final Logger log = LoggerFactory.getLogger(JsonResponses.class);

  private JsonResponses() {
  }

  public static void json(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended()) return;
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.toBuffer());
  }

  public static void send(RoutingContext ctx, int status, String message, String field) {
    JsonObject body = new JsonObject().put("error", message);
    if (field != null) body.put("field", field);
    json(ctx, status, body);
  }

  /** Router failure handler: maps BodyHandler's and Vert.x Web's failures to JSON; logs what is ours. */
  public static void onFailure(RoutingContext ctx) {
    int status = ctx.statusCode();
    switch (status) {
      case 413 -> send(ctx, 413, "request body is larger than the limit", "body");
      case 400 -> send(ctx, 400, "malformed request", "body");
      case 401 -> send(ctx, 401, "missing or invalid token", "Authorization");
      case 404 -> send(ctx, 404, "not found", null);
      case 405 -> send(ctx, 405, "method not allowed", null);
      default -> {
        if (status >= 400 && status < 500) {
          send(ctx, status, "request rejected", null);
        } else {
          log.error("unexpected failure on {} {}", ctx.request().method(), ctx.normalizedPath(), ctx.failure());
          send(ctx, 500, "internal error", null);
        }
      }
    }
  }
}
