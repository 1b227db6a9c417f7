package io.netwatch.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One long-lived Redis connection, used from one verticle's context; commands on it are pipelined.
 * A coalescing link sends the commands of one turn of the event loop together as one write (many HTTP
 * requests read at once become one syscall to Redis, and one back); since Redis answers such a write
 * as a whole, only commands that cannot fail one by one (XADD) belong on it. It reconnects on demand
 * after a failure, with exponential backoff, and every command (connecting included) has a deadline:
 * while Redis is down or hung, callers fail fast instead of queueing. At most {@link #MAX_QUEUED}
 * commands wait for a write.
 * <p>
 * In cluster mode ({@link RedisMode#CLUSTER}) the connection is the client's cluster connection, which routes
 * each command to the master of its key's slot; a batch must stay on one node. A coalesced write is then sent
 * inside MULTI/EXEC: a redirected command (MOVED, ASK while a slot moves) aborts it whole, so it is sent again
 * until its deadline once the client's slot map knows the new owner. One node going away does not drop the
 * link (commands to the other nodes go on); a command failing for want of a connection does.
 */
public final class RedisLink {
  private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
  private static final long MIN_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 5_000;
  static final int MAX_QUEUED = 4_096;

  private final Supplier<Redis> clients;
  private Redis client;
  private final String purpose;
  private final boolean coalesce;
  private final boolean cluster;
  private Future<RedisConnection> connection;
  private long backoffMs = MIN_BACKOFF_MS;
  private long nextAttemptAt;
  private boolean closed;

  /** Commands of this turn of the event loop; a group keeps its commands together (MULTI ... EXEC). */
  private record Group(List<Request> requests, Promise<List<Response>> replies) {
  }

  private List<Group> queued = new ArrayList<>();
  private int queuedCommands;
  private long queuedTimeoutMs;
  private Context context;

  /** {@code clients} makes the link's own client: a hung connection is only really closed with its client. */
  public RedisLink(Supplier<Redis> clients, String purpose, boolean coalesce) {
    this(clients, purpose, coalesce, RedisMode.STANDALONE);
  }

  /** {@code mode}: the mode of the clients {@code clients} makes. */
  public RedisLink(Supplier<Redis> clients, String purpose, boolean coalesce, RedisMode mode) {
    this.cluster = mode == RedisMode.CLUSTER;
    this.clients = clients;
    this.client = clients.get();
    this.purpose = purpose;
    this.coalesce = coalesce;
  }

  public Future<Response> send(Request request, long timeoutMs) {
    return enqueue(List.of(request), timeoutMs).map(replies -> replies.get(0));
  }

  /** Sends the commands back to back in the same write, with nothing of anyone else's between them. */
  public Future<List<Response>> batch(List<Request> requests, long timeoutMs) {
    return enqueue(requests, timeoutMs);
  }

  private Future<List<Response>> enqueue(List<Request> requests, long timeoutMs) {
    if (closed) return Future.failedFuture("redis link closed");
    if (queuedCommands + requests.size() > MAX_QUEUED) return Future.failedFuture("redis link queue is full");
    Promise<List<Response>> replies = Promise.promise();
    queued.add(new Group(requests, replies));
    queuedCommands += requests.size();
    queuedTimeoutMs = Math.max(queuedTimeoutMs, timeoutMs);
    if (!coalesce) {
      flush();
    } else if (queued.size() == 1) {
      if (context == null) context = io.vertx.core.Vertx.currentContext();
      // Runs after the I/O events of this turn: everything they sent goes out in one write.
      if (context != null) context.runOnContext(v -> flush()); else flush();
    }
    return replies.future();
  }

  private void flush() {
    List<Group> groups = queued;
    long timeoutMs = queuedTimeoutMs;
    queued = new ArrayList<>();
    queuedCommands = 0;
    queuedTimeoutMs = 0;
    if (groups.isEmpty()) return;
    List<Request> all = new ArrayList<>();
    for (Group g : groups) all.addAll(g.requests());
    boolean transaction = cluster && coalesce && all.size() > 1;
    write(groups, transaction ? ClusterReplies.inTransaction(all) : all, transaction,
        System.currentTimeMillis() + timeoutMs, MIN_BACKOFF_MS);
  }

  private void write(List<Group> groups, List<Request> all, boolean transaction, long deadline, long retryMs) {
    long timeoutMs = Math.max(1, deadline - System.currentTimeMillis());
    Future<RedisConnection> conn = connection();
    // singletonList, not List.of: a BLOCK read that times out answers null.
    conn.compose(c -> all.size() == 1 ? c.send(all.get(0)).map(java.util.Collections::singletonList) : c.batch(all))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .onSuccess(replies -> {
          List<Response> results = transaction ? ClusterReplies.execResults(replies) : replies;
          int i = 0;
          for (Group g : groups) {
            int n = g.requests().size();
            g.replies().complete(results.subList(i, i + n));
            i += n;
          }
        })
        .onFailure(err -> {
          if (transaction && context != null && ClusterReplies.redirected(err) && timeoutMs > retryMs) {
            // Aborted whole by the redirect: nothing was written, so the same transaction goes again.
            context.owner().setTimer(retryMs, id -> write(groups, all, true, deadline, retryMs * 2));
            return;
          }
          resetIfTimedOut(conn, err);
          if (cluster && conn.succeeded() && !(err instanceof Response)) drop(conn, "cluster command failed: " + err.getMessage());
          for (Group g : groups) g.replies().fail(err);
        });
  }

  /** Whether the link is waiting out its backoff after failing to connect: a command now fails at once. */
  public boolean down() {
    return connection != null && connection.failed() && System.currentTimeMillis() < nextAttemptAt;
  }

  public Future<Void> close() {
    closed = true;
    Future<RedisConnection> current = connection;
    connection = null;
    Future<Void> released = current == null ? Future.succeededFuture()
        : current.compose(RedisConnection::close).recover(err -> Future.succeededFuture());
    return released.eventually(client::close);
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
      if (cluster) return; // one node's connection ending must not stop the commands to the others
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
    // Closing a pooled connection would only hand it back to the pool: close its whole client instead.
    Redis hung = client;
    client = clients.get();
    conn.onComplete(ar -> hung.close());
  }

  private void drop(Future<RedisConnection> conn, String why) {
    if (connection == conn) {
      log.warn("redis ({}) connection lost: {}", purpose, why);
      connection = null;
    }
  }
}
