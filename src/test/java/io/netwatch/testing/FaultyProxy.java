package io.netwatch.testing;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.HashSet;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * A TCP proxy in front of a real server that a test can break: {@link #cut()} drops every connection
 * and refuses new ones (the server "goes down"), {@link #hang()} accepts connections and forwards
 * nothing (the server "stops answering"), {@link #restore()} forwards again. The target port may be
 * looked up for each connection, so that the proxy follows a server that comes back on another port.
 */
public final class FaultyProxy implements AutoCloseable {
  private enum Mode { FORWARD, CUT, HANG }

  private final Vertx vertx;
  private final NetServer server;
  private final NetClient client;
  private final Set<NetSocket> sockets = new HashSet<>();
  private volatile Mode mode = Mode.FORWARD;
  public final int port;

  public FaultyProxy(Vertx vertx, String targetHost, int targetPort) {
    this(vertx, targetHost, () -> targetPort);
  }

  public FaultyProxy(Vertx vertx, String targetHost, IntSupplier targetPort) {
    this.vertx = vertx;
    this.client = vertx.createNetClient();
    this.server = vertx.createNetServer().connectHandler(inbound -> {
      if (mode == Mode.CUT) {
        inbound.close();
        return;
      }
      track(inbound);
      if (mode == Mode.HANG) return;
      inbound.pause();
      client.connect(targetPort.getAsInt(), targetHost).onComplete(ar -> {
        if (ar.failed() || mode != Mode.FORWARD) {
          inbound.close();
          if (ar.succeeded()) ar.result().close();
          return;
        }
        NetSocket outbound = ar.result();
        track(outbound);
        inbound.pipeTo(outbound);
        outbound.pipeTo(inbound);
        inbound.resume();
      });
    });
    this.port = Await.result(server.listen(0, "127.0.0.1")).actualPort();
  }

  private void track(NetSocket socket) {
    synchronized (sockets) {
      sockets.add(socket);
    }
    socket.closeHandler(v -> {
      synchronized (sockets) {
        sockets.remove(socket);
      }
    });
  }

  private void closeAll() {
    Set<NetSocket> open;
    synchronized (sockets) {
      open = new HashSet<>(sockets);
    }
    open.forEach(NetSocket::close);
  }

  public void cut() {
    mode = Mode.CUT;
    vertx.runOnContext(v -> closeAll());
  }

  public void hang() {
    mode = Mode.HANG;
    vertx.runOnContext(v -> closeAll());
  }

  public void restore() {
    mode = Mode.FORWARD;
  }

  @Override
  public void close() {
    closeAll();
    Await.result(server.close());
    Await.result(client.close());
  }
}
