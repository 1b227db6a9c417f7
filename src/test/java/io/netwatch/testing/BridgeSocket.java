package io.netwatch.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A browser's view of the dashboard's SockJS event-bus bridge: a raw WebSocket on
 * {@code /eventbus/websocket} that keeps every frame it receives, in order, in {@link #frames}.
 */
public final class BridgeSocket implements AutoCloseable {
  /** An address no browser may send to: the bridge answers with an error frame. */
  private static final String BARRIER_ADDRESS = "netwatch.test.barrier";

  public final List<JsonObject> frames = new CopyOnWriteArrayList<>();
  private final WebSocketClient client;
  private final WebSocket socket;
  private final AtomicInteger barriers = new AtomicInteger();

  public BridgeSocket(Vertx vertx, int port) {
    this(vertx, port, null);
  }

  /** {@code cookie}: a {@code Cookie} header value to send with the handshake (a viewer's session), or null. */
  public BridgeSocket(Vertx vertx, int port, String cookie) {
    client = vertx.createWebSocketClient();
    WebSocketConnectOptions options = new WebSocketConnectOptions().setPort(port).setHost("127.0.0.1")
        .setURI("/eventbus/websocket");
    if (cookie != null) options.addHeader("Cookie", cookie);
    socket = Await.result(client.connect(options));
    socket.handler(data -> {
      JsonObject frame = new JsonObject(data);
      boolean barrierAnswer = "err".equals(frame.getString("type"))
          && barriers.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
      if (!barrierAnswer) frames.add(frame);
    });
  }

  /** Registers for the addresses without waiting: the bridge handles the frames in its own time. */
  public BridgeSocket register(String... addresses) {
    for (String address : addresses) write(new JsonObject().put("type", "register").put("address", address));
    return this;
  }

  /**
   * Registers for the addresses and returns once the bridge has handled the registrations: the bridge
   * handles a socket's frames in order, so the error it answers a refused send with (which is kept out
   * of {@link #frames}) comes after them. Only for a socket with no other refused frame in flight.
   */
  public BridgeSocket registerAndWait(String... addresses) {
    register(addresses);
    int before = barriers.incrementAndGet();
    write(new JsonObject().put("type", "send").put("address", BARRIER_ADDRESS).put("body", new JsonObject()));
    Eventually.within(Duration.ofSeconds(5), () -> {
      if (barriers.get() >= before) throw new AssertionError("the bridge has not answered the barrier frame");
    });
    return this;
  }

  public void write(JsonObject frame) {
    socket.writeTextMessage(frame.encode());
  }

  @Override
  public void close() {
    Await.result(socket.close());
    Await.result(client.close());
  }
}
