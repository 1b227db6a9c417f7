package io.netwatch.notify;

import io.netwatch.model.InvalidPacketException;
import io.netwatch.model.PlainJson;
import io.netwatch.ops.AdminApi;
import io.netwatch.ops.TokenCheck;
import io.netwatch.web.JsonResponses;
import io.netwatch.web.QueryParams;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/recipients}, behind Bearer ADMIN_TOKEN: create (POST), list (GET), read, replace (PUT) and delete
 * one ({@code /{id}}). A change is published on {@link NotifyAddresses#RECIPIENTS_CHANGED} for every notifier to
 * reload. Secrets are accepted, never answered.
 */
public final class RecipientRoutes {
  private static final Logger log = LoggerFactory.getLogger(RecipientRoutes.class);
  static final int BODY_LIMIT = 16 * 1024;

  private final Vertx vertx;
  private final RecipientRepository recipients;
  private final TokenCheck adminToken;

  public RecipientRoutes(Vertx vertx, SqlClient client, TokenCheck adminToken) {
    this.vertx = vertx;
    this.recipients = new RecipientRepository(client);
    this.adminToken = adminToken;
  }

  /** Mount before the viewer-session handler: an admin's token needs no cookie. */
  public void mount(Router router) {
    // Authentication first, on a route of its own, before any body is read.
    router.route("/api/v1/recipients*").handler(AdminApi.requireAdmin(adminToken));
    router.post("/api/v1/recipients").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
        .handler(this::create);
    router.get("/api/v1/recipients").handler(this::list);
    router.get("/api/v1/recipients/:id").handler(this::read);
    router.put("/api/v1/recipients/:id").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
        .handler(this::replace);
    router.delete("/api/v1/recipients/:id").handler(this::delete);
  }

  private void create(RoutingContext ctx) {
    Recipient recipient = parse(ctx, true);
    if (recipient == null) return;
    recipients.insert(recipient)
        .onSuccess(json -> {
          changed(json.getLong("id"));
          JsonResponses.json(ctx, 201, json);
        })
        .onFailure(err -> writeFailed(ctx, err));
  }

  private void list(RoutingContext ctx) {
    recipients.list()
        .onSuccess(all -> JsonResponses.json(ctx, 200,
            new JsonObject().put("recipients", new JsonArray(List.copyOf(all)))))
        .onFailure(err -> unavailable(ctx, err));
  }

  private void read(RoutingContext ctx) {
    Long id = pathId(ctx);
    if (id == null) return;
    recipients.byId(id)
        .onSuccess(json -> {
          if (json == null) notFound(ctx, id); else JsonResponses.json(ctx, 200, json);
        })
        .onFailure(err -> unavailable(ctx, err));
  }

  private void replace(RoutingContext ctx) {
    Long id = pathId(ctx);
    if (id == null) return;
    Recipient recipient = parse(ctx, false);
    if (recipient == null) return;
    boolean needsStoredSecret = Recipient.WEBHOOK.equals(recipient.type()) && recipient.secret() == null
        && "standard".equals(recipient.setting("format"));
    (needsStoredSecret ? recipients.recipient(id) : io.vertx.core.Future.<Recipient>succeededFuture(null))
        .compose(stored -> {
          if (needsStoredSecret && stored != null && stored.secret() == null) {
            // A slack webhook or another type becoming a signed webhook: it has no key to keep.
            JsonResponses.send(ctx, 422, "secret is required: the key that signs every delivery", "secret");
            return io.vertx.core.Future.succeededFuture();
          }
          return recipients.update(id, recipient).onSuccess(json -> {
            if (json == null) {
              notFound(ctx, id);
              return;
            }
            changed(id);
            JsonResponses.json(ctx, 200, json);
          }).mapEmpty();
        })
        .onFailure(err -> writeFailed(ctx, err));
  }

  private void delete(RoutingContext ctx) {
    Long id = pathId(ctx);
    if (id == null) return;
    recipients.delete(id)
        .onSuccess(deleted -> {
          if (!deleted) {
            notFound(ctx, id);
            return;
          }
          changed(id);
          ctx.response().setStatusCode(204).end();
        })
        .onFailure(err -> unavailable(ctx, err));
  }

  /** The checked body, or null after answering 400 (not a JSON object) or 422 (a field refused). */
  private static Recipient parse(RoutingContext ctx, boolean creating) {
    Map<String, Object> body;
    try {
      Object decoded = ctx.body().buffer() == null ? null : Json.decodeValue(ctx.body().buffer());
      if (!(decoded instanceof JsonObject json)) {
        JsonResponses.send(ctx, 400, "body must be a JSON object", "body");
        return null;
      }
      body = PlainJson.map(json);
    } catch (DecodeException e) {
      JsonResponses.send(ctx, 400, "body must be a JSON object", "body");
      return null;
    }
    try {
      return RecipientRequest.parse(body, creating);
    } catch (InvalidPacketException e) {
      JsonResponses.send(ctx, 422, e.getMessage(), e.field());
      return null;
    }
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

  private static void notFound(RoutingContext ctx, long id) {
    JsonResponses.send(ctx, 404, "no recipient with id " + id, "id");
  }

  private static void writeFailed(RoutingContext ctx, Throwable err) {
    if (err instanceof PgException pg && "23505".equals(pg.getSqlState())) {
      JsonResponses.send(ctx, 409, "a recipient with this name exists already", "name");
    } else if (err instanceof RecipientRepository.TooMany) {
      JsonResponses.send(ctx, 409, err.getMessage(), null);
    } else {
      unavailable(ctx, err);
    }
  }

  static void unavailable(RoutingContext ctx, Throwable err) {
    log.warn("database query failed: {}", err.getMessage());
    ctx.response().putHeader("Retry-After", "1");
    JsonResponses.send(ctx, 503, "the database is unavailable; retry later", null);
  }

  private void changed(long id) {
    vertx.eventBus().publish(NotifyAddresses.RECIPIENTS_CHANGED, new JsonObject().put("id", id));
  }
}
