package io.netwatch.web;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netwatch.config.Settings;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.ShutdownEvent;
import io.vertx.core.shareddata.Shareable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connections of one HTTP server instance (one per verticle instance, all on its event loop):
 * <ul>
 *   <li><b>limits</b>: at most MAX_CONNECTIONS open on the role's port and MAX_CONNECTIONS_PER_SOURCE from one
 *   address (0: no limit), counted across the role's instances in this JVM; a connection over a limit is
 *   closed as soon as it is accepted;</li>
 *   <li><b>header deadline</b>: a new connection must complete its first request's header within
 *   HEADER_TIMEOUT_MS, else it is closed; afterwards a connection on which nothing moves for
 *   IDLE_TIMEOUT_SECONDS is closed (Vert.x's idle timeout, {@link #options});</li>
 *   <li><b>drain</b> ({@link #drain}): stop accepting, let the requests in flight finish, answer the next
 *   request of every recently active keep-alive connection with {@code Connection: close}, close the
 *   rest, all within a grace period. Vert.x's own {@link HttpServer#shutdown} closes an idle HTTP/1.1
 *   connection at once, racing the client's next request on it (the client sees a reset, not an answer);
 *   to wait for that request instead, the shutdown event is kept from Vert.x's connection by a Netty
 *   handler of our own. That needs Vert.x's connection class ({@code Http1xServerConnection}) and its
 *   {@code ShutdownEvent}: internal classes, so a Vert.x upgrade that moves them fails the build, not
 *   a redeploy.</li>
 * </ul>
 */
public final class ServerConnections {
  private static final Logger log = LoggerFactory.getLogger(ServerConnections.class);
  /** A connection with no request for this long is closed at once when draining: its client is not mid-send. */
  static final long QUIET_MS = 1_000;
  private static final long REFUSAL_LOG_INTERVAL_MS = 10_000;

  private final Vertx vertx;
  private final String role;
  private final String bindHost;
  private final long headerTimeoutMs;
  private final int idleTimeoutSeconds;
  private final int maxConnections;
  private final int maxPerSource;
  private final Counts counts;
  private final Map<HttpConnection, Tracked> open = new HashMap<>();
  private boolean drainable;
  private boolean draining;

  public ServerConnections(Vertx vertx, String role, Settings settings) {
    this.vertx = vertx;
    this.role = role;
    String host = settings.string(Settings.BIND_HOST);
    // Set by the deployment plan (config/BindHost); a verticle deployed without one stays on loopback.
    this.bindHost = host == null || host.isBlank() ? "127.0.0.1" : host.strip();
    this.headerTimeoutMs = settings.integer(Settings.HEADER_TIMEOUT_MS);
    this.idleTimeoutSeconds = settings.integer(Settings.IDLE_TIMEOUT_SECONDS);
    this.maxConnections = settings.integer(Settings.MAX_CONNECTIONS);
    this.maxPerSource = settings.integer(Settings.MAX_CONNECTIONS_PER_SOURCE);
    if (headerTimeoutMs < 1 || idleTimeoutSeconds < 1) {
      throw new IllegalArgumentException("HEADER_TIMEOUT_MS and IDLE_TIMEOUT_SECONDS must be positive");
    }
    this.counts = vertx.sharedData().<String, Counts>getLocalMap("netwatch.connections")
        .computeIfAbsent(role, r -> new Counts());
  }

  /** BIND_HOST: the address to listen on. */
  public String bindHost() {
    return bindHost;
  }

  /**
   * The server's options with the idle timeout set, and HTTP/1.1 only (no clear-text HTTP/2: neither
   * browsers nor the old system's sensors speak it, and every connection here is an HTTP/1.x one).
   */
  public HttpServerOptions options(HttpServerOptions options) {
    return options.setIdleTimeout(idleTimeoutSeconds).setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setHttp2ClearTextEnabled(false);
  }

  /** Installs the limits and the header deadline on {@code server}, around its request handler. */
  public HttpServer install(HttpServer server, Handler<HttpServerRequest> requests) {
    return server.connectionHandler(this::accept).requestHandler(request -> {
      if (headerComplete(request) != null) requests.handle(request);
    });
  }

  /**
   * The same, and follows every request to its answer, so that the server can be {@link #drain drained}.
   * For a handler that answers every request itself (not a router: its handlers may take the response's
   * headers-end and body-end hooks).
   */
  public HttpServer installDrainable(HttpServer server, Handler<HttpServerRequest> requests) {
    drainable = true;
    return server.connectionHandler(this::accept).requestHandler(request -> {
      Tracked tracked = headerComplete(request);
      if (tracked == null) return;
      followToAnswer(tracked, request.response());
      requests.handle(request);
    });
  }

  private void accept(HttpConnection connection) {
    String source = connection.remoteAddress() == null ? "?" : connection.remoteAddress().hostAddress();
    if (source == null) source = String.valueOf(connection.remoteAddress());
    String refusal = counts.admit(source, maxConnections, maxPerSource);
    if (refusal != null) {
      counts.logRefusal(role, source, refusal);
      connection.close();
      return;
    }
    Tracked tracked = new Tracked(connection, source);
    open.put(connection, tracked);
    tracked.deadline = vertx.setTimer(headerTimeoutMs, id -> {
      tracked.deadline = -1;
      log.debug("{}: closing a connection from {} that sent no complete request header within {} ms",
          role, tracked.source, headerTimeoutMs);
      connection.close();
    });
    connection.closeHandler(v -> closed(tracked));
    // A connection upgraded to a WebSocket (the bridge) no longer reports its close to the HTTP connection's
    // handler: its channel does, whatever the protocol on it.
    if (connection instanceof ConnectionBase base) {
      Context context = vertx.getOrCreateContext();
      base.channel().closeFuture().addListener(done -> context.runOnContext(v -> closed(tracked)));
    }
    if (drainable && connection instanceof Http1xServerConnection http1
        && http1.channelHandlerContext().pipeline().get("handler") != null) {
      http1.channelHandlerContext().pipeline().addBefore("handler", "netwatch-drain", new ShutdownFilter());
    }
  }

  private void closed(Tracked tracked) {
    if (open.remove(tracked.connection) == null) return;
    cancelDeadline(tracked);
    counts.release(tracked.source);
  }

  /** A request's header is complete: the connection's deadline is over. Null: a refused connection's request. */
  private Tracked headerComplete(HttpServerRequest request) {
    Tracked tracked = open.get(request.connection());
    if (tracked == null) {
      request.connection().close();
      return null;
    }
    cancelDeadline(tracked);
    return tracked;
  }

  /** While draining, the answer says {@code Connection: close} and the connection is closed once it is written. */
  private void followToAnswer(Tracked tracked, HttpServerResponse response) {
    tracked.inFlight++;
    response.headersEndHandler(v -> {
      if (draining) response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    });
    response.bodyEndHandler(v -> answered(tracked));
  }

  private void answered(Tracked tracked) {
    tracked.inFlight--;
    tracked.lastActive = System.nanoTime();
    // After the response's bytes, which were queued before this runs.
    if (draining && tracked.inFlight == 0) vertx.runOnContext(v -> tracked.connection.close());
  }

  private void cancelDeadline(Tracked tracked) {
    if (tracked.deadline >= 0) {
      vertx.cancelTimer(tracked.deadline);
      tracked.deadline = -1;
    }
  }

  /**
   * Drains {@code server} within {@code graceMs}: it stops accepting (new connections go to the servers
   * still listening on the port, e.g. a redeploy's new instances), requests in flight are answered, and so
   * is the next request of each connection active in the last {@value #QUIET_MS} ms, with
   * {@code Connection: close}; quiet connections are closed at once; what is left at the end is closed.
   * Call on the server's event loop.
   */
  public Future<Void> drain(HttpServer server, long graceMs) {
    if (!drainable) throw new IllegalStateException("installed without following requests to their answers");
    draining = true;
    Future<Void> shutdown = server.shutdown(graceMs, TimeUnit.MILLISECONDS);
    long now = System.nanoTime();
    int waiting = 0;
    for (Tracked tracked : new ArrayList<>(open.values())) {
      boolean quiet = now - tracked.lastActive > TimeUnit.MILLISECONDS.toNanos(QUIET_MS);
      if (tracked.inFlight == 0 && quiet) {
        tracked.connection.close();
      } else {
        waiting++;
      }
    }
    log.info("{}: draining: {} connection(s) get their next answer with Connection: close (grace {} ms)",
        role, waiting, graceMs);
    return shutdown;
  }

  /** One open connection: where from, its header deadline (-1: none), requests not yet answered. */
  private static final class Tracked {
    final HttpConnection connection;
    final String source;
    long deadline = -1;
    int inFlight;
    long lastActive = System.nanoTime();

    Tracked(HttpConnection connection, String source) {
      this.connection = connection;
      this.source = source;
    }
  }

  /** Keeps Vert.x's shutdown event from its HTTP/1.x connection, which would close an idle one at once. */
  private static final class ShutdownFilter extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (!(event instanceof ShutdownEvent)) super.userEventTriggered(ctx, event);
    }

    @Override
    public boolean isSharable() {
      return false;
    }
  }

  /** Open connections of one role in this JVM, in total and by source address: shared by its instances. */
  static final class Counts implements Shareable {
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> bySource = new ConcurrentHashMap<>();
    private volatile long lastRefusalLog;

    /** Counts the connection in, or says which limit it is over (and counts nothing). 0: no limit. */
    String admit(String source, int maxTotal, int maxPerSource) {
      if (total.incrementAndGet() > maxTotal && maxTotal > 0) {
        total.decrementAndGet();
        return "MAX_CONNECTIONS (" + maxTotal + ")";
      }
      boolean[] over = {false};
      bySource.compute(source, (s, n) -> {
        int count = n == null ? 0 : n;
        over[0] = maxPerSource > 0 && count >= maxPerSource;
        return over[0] ? n : Integer.valueOf(count + 1);
      });
      if (over[0]) {
        total.decrementAndGet();
        return "MAX_CONNECTIONS_PER_SOURCE (" + maxPerSource + ")";
      }
      return null;
    }

    void release(String source) {
      total.decrementAndGet();
      bySource.compute(source, (s, n) -> n == null || n <= 1 ? null : n - 1);
    }

    int total() {
      return total.get();
    }

    void logRefusal(String role, String source, String limit) {
      long now = System.currentTimeMillis();
      if (now - lastRefusalLog < REFUSAL_LOG_INTERVAL_MS) return;
      lastRefusalLog = now;
      log.warn("{}: refusing connections over {}, e.g. from {} (logged at most every {} s)",
          role, limit, source, REFUSAL_LOG_INTERVAL_MS / 1000);
    }
  }
}
