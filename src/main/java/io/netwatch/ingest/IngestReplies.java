package io.netwatch.ingest;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;

/** Ingest's answers: JSON bodies, errors as {@code {"error", "field"}}; a response answers once only. */
final class IngestReplies {
  private static final String RETRY_AFTER_SECONDS = "1";
  /** Encoded once: Netty copies an optimized header value as it is. */
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

  private IngestReplies() {
  }

  static Future<Void> send(HttpServerResponse response, int status, JsonObject body) {
    if (response.ended()) return Future.succeededFuture();
    return response.setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .end(body.toBuffer());
  }

  /** 200 {"id": "..."} for one packet, written without a JsonObject: a stream id has nothing to escape. */
  static Future<Void> accepted(HttpServerResponse response, String entryId) {
    if (response.ended()) return Future.succeededFuture();
    return response.setStatusCode(200)
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .end("{\"id\":\"" + entryId + "\"}");
  }

  /** {@code field} may be null: then the answer names none. */
  static JsonObject error(String message, String field) {
    JsonObject body = new JsonObject().put("error", message);
    if (field != null) body.put("field", field);
    return body;
  }

  /** 503 with Retry-After: the client is fine, the platform cannot take the packets now. */
  static Future<Void> retryLater(HttpServerResponse response, String message) {
    response.putHeader("Retry-After", RETRY_AFTER_SECONDS);
    return send(response, 503, error(message, null));
  }

  /**
   * 503 with Retry-After for a batch stored in part (cluster mode, a shard's master lost mid-request): the stored
   * packets are accepted, and the client must send again only those listed in {@code retry}.
   */
  static Future<Void> partlyStored(HttpServerResponse response, BatchOutcome outcome) {
    response.putHeader("Retry-After", RETRY_AFTER_SECONDS);
    return send(response, 503, error(outcome.accepted() + " of " + outcome.ids().size() + " packets stored;"
        + " a stream shard is unavailable: send again only the packets listed in retry", null)
        .put("accepted", outcome.accepted())
        .put("ids", new JsonArray(new ArrayList<>(outcome.ids())))
        .put("retry", new JsonArray(new ArrayList<>(outcome.retry()))));
  }
}
