package io.netwatch.notify;

import io.netwatch.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A real HTTP receiver on a port the OS chose: records every request that reached it (headers and body), and
 * answers as its {@link Behaviour} says for the n-th request (0-based): a status with headers, a dropped
 * connection (down), or no answer at all (hung).
 */
final class WebhookReceiver implements AutoCloseable {
  /** What to do with a request. */
  record Behaviour(int status, String retryAfter, boolean drop, boolean hang) {
    static final Behaviour OK = new Behaviour(200, null, false, false);
    static final Behaviour DOWN = new Behaviour(0, null, true, false);
    static final Behaviour HANG = new Behaviour(0, null, false, true);

    static Behaviour status(int status, String retryAfter) {
      return new Behaviour(status, retryAfter, false, false);
    }
  }

  /** One request as it arrived, with what the receiver did, and when (System.nanoTime). */
  record Received(String path, String id, String timestamp, String signature, String body, Behaviour answered,
                  long atNanos) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  final List<Received> requests = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private volatile Function<Integer, Behaviour> behaviour;

  WebhookReceiver(Vertx vertx, Function<Integer, Behaviour> behaviour) {
    this.behaviour = behaviour;
    this.server = Await.result(vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1"), 10);
  }

  void behave(Function<Integer, Behaviour> next) {
    this.behaviour = next;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      Behaviour b = behaviour.apply(requests.size());
      requests.add(new Received(request.path(), request.getHeader("webhook-id"), request.getHeader("webhook-timestamp"),
          request.getHeader("webhook-signature"), body.toString(), b, System.nanoTime()));
      if (b.hang()) return;
      if (b.drop()) {
        request.connection().close();
        return;
      }
      if (b.retryAfter() != null) request.response().putHeader("Retry-After", b.retryAfter());
      request.response().setStatusCode(b.status()).end("answered " + b.status());
    });
  }

  /** The requests answered with a 2xx. */
  List<Received> accepted() {
    return requests.stream().filter(r -> r.answered().status() >= 200 && r.answered().status() < 300).toList();
  }

  @Override
  public void close() {
    Await.result(server.close(), 10);
  }
}
