package io.netwatch.ops;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;

/**
 * A node's own small HTTP server for {@link ManagementRoutes}, where no dashboard serves them on its web
 * port. Its bound port is recorded as {@link BoundPorts#MANAGEMENT}.
 */
public final class ManagementServer {
  private final HttpServer server;

  private ManagementServer(HttpServer server) {
    this.server = server;
  }

  /** Listens on {@code host}:{@code port} (port 0 or below: one the OS picks, see {@link BoundPorts}). */
  public static Future<ManagementServer> start(Vertx vertx, String host, int port, HealthChecks readiness) {
    Router router = ManagementRoutes.mount(Router.router(vertx), readiness);
    return vertx.createHttpServer(new HttpServerOptions().setMaxHeaderSize(8 * 1024))
        .requestHandler(router)
        .listen(port, host)
        .onSuccess(server -> BoundPorts.record(vertx, BoundPorts.MANAGEMENT, server.actualPort()))
        .map(ManagementServer::new);
  }

  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server.close();
  }
}
