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
import java.util.concurrent.TimeoutException;

/**
 * One long-lived Redis connection, used from one verticle's context. Commands sent on it are pipelined.
 * It reconnects on demand after a failure, with exponential backoff, and every command (connecting
 * included) has a deadline: while Redis is down or hung, callers fail fast instead of queueing.
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
    Future<RedisConnection> conn = connection();
    return conn.compose(c -> c.send(request))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .onFailure(err -> resetIfTimedOut(conn, err));
  }

  public Future<List<Response>> batch(List<Request> requests, long timeoutMs) {
    Future<RedisConnection> conn = connection();
    return conn.compose(c -> c.batch(requests))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .onFailure(err -> resetIfTimedOut(conn, err));
  }

  public Future<Void> close() {
    closed = true;
    Future<RedisConnection> current = connection;
    connection = null;
    if (current == null) return Future.succeededFuture();
    return current.compose(RedisConnection::close).recover(err -> Future.succeededFuture());
  }

  private Future<RedisConnection> connection() {
    if (closed) return Future.failedFuture("redis link closed");
    if (connection != null && !connection.failed()) return connection;
    if (connection != null && System.currentTimeMillis() < nextAttemptAt) return connection;
    Future<RedisConnection> attempt = client.connect();
    connection = attempt;
    attempt.onSuccess(c -> {
      if (connection != attempt) { // given up on while connecting
        c.close();
        return;
      }
      backoffMs = MIN_BACKOFF_MS;
      c.exceptionHandler(err -> drop(attempt, err.toString()));
      c.endHandler(v -> drop(attempt, "connection closed"));
    }).onFailure(err -> {
      nextAttemptAt = System.currentTimeMillis() + backoffMs;
      log.warn("redis ({}) unreachable, next attempt in {} ms: {}", purpose, backoffMs, err.getMessage());
      backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    });
    return attempt;
  }

  /** A command that timed out means a hung server or link: give the connection up and start afresh. */
  private void resetIfTimedOut(Future<RedisConnection> conn, Throwable err) {
    if (!(err instanceof TimeoutException)) return;
    if (connection == conn) {
      log.warn("redis ({}) did not answer in time: reconnecting in {} ms", purpose, backoffMs);
      // Not the TimeoutException itself: callers failing fast during the backoff must not re-arm it.
      connection = Future.failedFuture(new IllegalStateException("redis did not answer in time"));
      nextAttemptAt = System.currentTimeMillis() + backoffMs;
      backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    }
    conn.onSuccess(RedisConnection::close);
  }

  private void drop(Future<RedisConnection> conn, String why) {
    if (connection == conn) {
      log.warn("redis ({}) connection lost: {}", purpose, why);
      connection = null;
    }
  }
}
