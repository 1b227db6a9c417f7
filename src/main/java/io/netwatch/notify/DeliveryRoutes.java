package io.netwatch.notify;

import io.netwatch.web.JsonResponses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlClient;

import java.util.List;

/**
 * Deliveries through the API. Admin (mounted behind {@link RecipientRoutes}' token check):
 * {@code POST /api/v1/recipients/{id}/test} sends a test event now and answers what the receiver said;
 * {@code GET /api/v1/recipients/{id}/deliveries?state=} lists its newest deliveries; {@code POST
 * /api/v1/recipients/{id}/retry} makes its dead deliveries due again. Viewer: {@code GET
 * /api/v1/alerts/{id}/deliveries}, where an alert went (the Incidents panel).
 */
public final class DeliveryRoutes {
  static final int LIST_LIMIT = 200;
  private static final List<String> STATES = List.of("pending", "delivered", "dead");

  private final Vertx vertx;
  private final RecipientRepository recipients;
  private final Outbox outbox;

  public DeliveryRoutes(Vertx vertx, SqlClient client) {
    this.vertx = vertx;
    this.recipients = new RecipientRepository(client);
    this.outbox = new Outbox(client);
  }

  /** After {@link RecipientRoutes#mount}, whose handler checks the admin token on these paths. */
  public void mountAdmin(Router router) {
    router.post("/api/v1/recipients/:id/test").handler(this::test);
    router.get("/api/v1/recipients/:id/deliveries").handler(this::recipientDeliveries);
    router.post("/api/v1/recipients/:id/retry").handler(this::retry);
  }

  /** Behind the viewer session. */
  public void mountViewer(Router router) {
    router.get("/api/v1/alerts/:id/deliveries").handler(this::alertDeliveries);
  }

  private void test(RoutingContext ctx) {
    Long id = RecipientRoutes.pathId(ctx);
    if (id == null) return;
    recipients.recipient(id).onSuccess(recipient -> {
      if (recipient == null) {
        JsonResponses.send(ctx, 404, "no recipient with id " + id, "id");
        return;
      }
      Channel channel = Channel.of(vertx, recipient, null);
      channel.deliver(Channel.testEvent(java.time.Instant.now()))
          .onSuccess(result -> JsonResponses.json(ctx, 200, new JsonObject().put("delivered", result.delivered())
              .put("status", result.status()).put("answer", result.detail())))
          .onComplete(done -> channel.close());
    }).onFailure(err -> RecipientRoutes.unavailable(ctx, err));
  }

  private void recipientDeliveries(RoutingContext ctx) {
    Long id = RecipientRoutes.pathId(ctx);
    if (id == null) return;
    String state = ctx.queryParams().get("state");
    if (state != null && !STATES.contains(state)) {
      JsonResponses.send(ctx, 400, "state must be one of " + STATES, "state");
      return;
    }
    list(ctx, "recipient_id", id, state);
  }

  private void alertDeliveries(RoutingContext ctx) {
    Long id = RecipientRoutes.pathId(ctx);
    if (id != null) list(ctx, "alert_id", id, null);
  }

  private void list(RoutingContext ctx, String column, long id, String state) {
    outbox.list(column, id, state, LIST_LIMIT)
        .onSuccess(rows -> JsonResponses.json(ctx, 200,
            new JsonObject().put("deliveries", new JsonArray(List.copyOf(rows)))))
        .onFailure(err -> RecipientRoutes.unavailable(ctx, err));
  }

  private void retry(RoutingContext ctx) {
    Long id = RecipientRoutes.pathId(ctx);
    if (id == null) return;
    outbox.retryDead(id)
        .onSuccess(n -> JsonResponses.json(ctx, 200, new JsonObject().put("retried", n)))
        .onFailure(err -> RecipientRoutes.unavailable(ctx, err));
  }
}
