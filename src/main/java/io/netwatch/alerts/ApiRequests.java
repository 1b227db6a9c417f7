package io.netwatch.alerts;

import io.netwatch.model.InvalidPacketException;
import io.netwatch.model.PlainJson;
import io.netwatch.web.JsonResponses;
import io.netwatch.web.QueryParams;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * What the alerts and suppressions routes do alike with a request: read its input, answering the 4xx that names
 * the bad field, and answer a database failure with 503. Each reader returns null once it has answered.
 */
final class ApiRequests {
  private static final Logger log = LoggerFactory.getLogger(ApiRequests.class);
  /** The largest body an admin request may send. */
  static final int BODY_LIMIT = 16 * 1024;

  /** Reads a request's body, at most BODY_LIMIT bytes (413 above); mount it after the token check. */
  static BodyHandler boundedBody() {
    return BodyHandler.create(false).setBodyLimit(BODY_LIMIT);
  }

  /** Parses a request's input; an {@link InvalidPacketException} names the field. */
  @FunctionalInterface
  interface Parser<T> {
    T parse() throws InvalidPacketException;
  }

  private ApiRequests() {
  }

  /** What the parser made of the request, or null after answering {@code status} naming the field. */
  static <T> T parsed(RoutingContext ctx, int status, Parser<T> parser) {
    try {
      return parser.parse();
    } catch (InvalidPacketException e) {
      JsonResponses.send(ctx, status, e.getMessage(), e.field());
      return null;
    }
  }

  /** The {@code :id} path parameter, or null after answering 400. */
  static Long pathId(RoutingContext ctx) {
    return parsed(ctx, 400, () -> {
      Long id = QueryParams.positiveId(ctx.pathParam("id"), "id");
      if (id == null) throw new InvalidPacketException("id", "id must be a positive whole number");
      return id;
    });
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

  /** 404 naming the id that matched nothing. */
  static void notFound(RoutingContext ctx, String what, long id) {
    JsonResponses.send(ctx, 404, "no " + what + " with id " + id, "id");
  }

  static void databaseUnavailable(RoutingContext ctx, Throwable err) {
    log.warn("database query failed: {}", err.getMessage());
    ctx.response().putHeader("Retry-After", "1");
    JsonResponses.send(ctx, 503, "the database is unavailable; retry later", null);
  }
}
