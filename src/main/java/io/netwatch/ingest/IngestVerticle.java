package io.netwatch.ingest;

import io.netwatch.config.Settings;
import io.netwatch.ops.BoundPorts;
import io.netwatch.web.ServerConnections;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * Sensor-facing HTTP ingest on BIND_HOST:INGEST_PORT: every request goes straight to the
 * {@link IngestHandler} (no router: this is the hot path), behind the connection limits and deadlines of
 * {@link ServerConnections}. When undeployed (a redeploy, an undeploy, the platform stopping) it drains
 * within DRAIN_GRACE_MS: it stops accepting, answers what is in flight and the next request of each
 * active keep-alive connection (with {@code Connection: close}), and only then lets go of Redis.
 */
public final class IngestVerticle extends VerticleBase {
  private IngestHandler ingest;
  private ServerConnections connections;
  private HttpServer server;
  private long drainGraceMs;

  @Override
  public Future<?> start() {
    Settings settings = new Settings(config().getMap());
    drainGraceMs = settings.integer(Settings.DRAIN_GRACE_MS);
    connections = new ServerConnections(vertx, BoundPorts.INGEST, settings);
    ingest = new IngestHandler(vertx, settings);
    return listen(settings.integer(Settings.INGEST_PORT));
  }

  @Override
  public Future<?> stop() {
    Future<Void> drained = server == null ? Future.succeededFuture() : connections.drain(server, drainGraceMs);
    return drained.eventually(ingest::close);
  }

  private Future<HttpServer> listen(int port) {
    HttpServer created = vertx.createHttpServer(connections.options(new HttpServerOptions()
        .setMaxHeaderSize(8 * 1024)
        .setMaxInitialLineLength(4 * 1024)
        .setTcpNoDelay(true)));
    return connections.installDrainable(created, ingest)
        .listen(port, connections.bindHost())
        .onSuccess(listening -> {
          server = listening;
          BoundPorts.record(vertx, BoundPorts.INGEST, connections.bindHost(), listening.actualPort());
        });
  }
}
