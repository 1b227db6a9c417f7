package io.netwatch.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One long-lived Redis connection, used from one verticle's context. Commands sent on it are pipelined.
 * It reconnects on demand after a failure, with exponential backoff, and every command has a deadline:
 * while Redis is down, callers fail fast instead of queueing.
 */
public final class RedisLink {
  private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
  private static final long MIN_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 5_000;

  private final Redis client;
  private final String purpose;
  private Future<RedisConnection> connection;
  private long backoffMs = MIN_BACKOFF_MS;
  private long nextAttemptAt;
  private boolean closed;

  public RedisLink(Redis client, String purpose) {
    this.client = client;
    this.purpose = purpose;
  }

  public Future<Response> send(Request request, long timeoutMs) {
    return connection().compose(c -> c.send(request)
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .onFailure(err -> dropIfTimedOut(c, err)));
  }

  public Future<List<Response>> batch(List<Request> requests, long timeoutMs) {
    return connection().compose(c -> c.batch(requests)
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .onFailure(err -> dropIfTimedOut(c, err)));
  }

  public Future<Void> close() {
    closed = true;
    Future<RedisConnection> current = connection;
    connection = null;
    if (current == null || current.failed()) return Future.succeededFuture();
    return current.compose(RedisConnection::close).recover(err -> Future.succeededFuture());
  }

  private Future<RedisConnection> connection() {
    if (closed) return Future.failedFuture("redis link closed");
    if (connection != null && !connection.failed()) return connection;
    long now = System.currentTimeMillis();
    if (connection != null && now < nextAttemptAt) return connection;
    Future<RedisConnection> attempt = client.connect();
    connection = attempt;
    attempt.onSuccess(c -> {
      backoffMs = MIN_BACKOFF_MS;
      c.exceptionHandler(err -> drop(c, err.toString()));
      c.endHandler(v -> drop(c, "connection closed"));
    }).onFailure(err -> {
      nextAttemptAt = System.currentTimeMillis() + backoffMs;
      log.warn("redis ({}) unreachable, next attempt in {} ms: {}", purpose, backoffMs, err.getMessage());
      backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    });
    return attempt;
  }

  private void dropIfTimedOut(RedisConnection c, Throwable err) {
    if (err instanceof java.util.concurrent.TimeoutException) {
      drop(c, "command timed out");
      c.close();
    }
  }

  private void drop(RedisConnection c, String why) {
    if (connection != null && connection.succeeded() && connection.result() == c) {
      log.warn("redis ({}) connection lost: {}", purpose, why);
      connection = null;
    }
  }

  /** True while commands fail fast because the last connection attempt failed. */
  public boolean down() {
    return connection != null && connection.failed() && System.currentTimeMillis() < nextAttemptAt;
  }
}
