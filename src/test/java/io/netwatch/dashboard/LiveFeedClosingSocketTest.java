package io.netwatch.dashboard;

import io.vertx.core.Vertx;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/** A browser socket that is closing when a frame goes out must cost the others nothing. */
class LiveFeedClosingSocketTest {
  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(5, TimeUnit.SECONDS);
  }

  /** A socket whose every call fails as a closing WebSocket's does, or one that records what it is sent. */
  static SockJSSocket socket(List<Object> written, boolean closing) {
    return (SockJSSocket) Proxy.newProxyInstance(SockJSSocket.class.getClassLoader(), new Class<?>[] {SockJSSocket.class},
        (proxy, method, args) -> {
          if (closing && !method.getDeclaringClass().equals(Object.class)) {
            throw new IllegalStateException("WebSocket is closed");
          }
          return switch (method.getName()) {
            case "writeQueueFull" -> false;
            case "write" -> {
              written.add(args[0]);
              yield null;
            }
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> null;
          };
        });
  }

  @Test
  @DisplayName("frames keep coming to the other browsers, and the closing socket is dropped")
  void closingSocket() {
    List<Object> frames = new CopyOnWriteArrayList<>();
    LiveFeed feed = new LiveFeed(vertx, new StatsPublisher(vertx));
    vertx.runOnContext(v -> {
      feed.subscribe(socket(new CopyOnWriteArrayList<>(), true));
      feed.subscribe(socket(frames, false));
      feed.start();
    });
    within(Duration.ofSeconds(5), () -> assertThat(frames).hasSizeGreaterThanOrEqualTo(3));
    assertThat(feed.subscribers()).isEqualTo(1);
  }
}
