package io.netwatch.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * How the benchmark's bridge clients leave the live feed: unregister from {@code anomalies.live}, wait until
 * no frame has arrived for {@link #QUIET_MS} (the dashboard has taken them off its list; at most
 * {@link #MAX_WAIT_MS}), then close. Closing while still registered can hit a race in the platform's live feed
 * (a frame written to a socket that is closing but not yet reported closed throws, and the feed stops for
 * everyone: seen on 2026-11-26), which would leave the following figures without frames.
 */
final class LiveFeedClient {
  static final long QUIET_MS = 600;
  static final long MAX_WAIT_MS = 3000;

  private LiveFeedClient() {
  }

  /** Unregisters every socket, waits for the feed to go quiet, closes them all. */
  static Future<Void> leave(Vertx vertx, List<WebSocket> sockets, LongSupplier lastFrameNanos) {
    String unregister = new JsonObject().put("type", "unregister").put("address", EndToEnd.LIVE_FEED).encode();
    for (WebSocket socket : sockets) socket.writeTextMessage(unregister);
    long since = System.nanoTime();
    Promise<Void> quiet = Promise.promise();
    vertx.setPeriodic(50, id -> {
      long now = System.nanoTime();
      long last = Math.max(since, lastFrameNanos.getAsLong());
      if (now - last > QUIET_MS * 1_000_000 || now - since > MAX_WAIT_MS * 1_000_000) {
        vertx.cancelTimer(id);
        quiet.complete();
      }
    });
    return quiet.future().compose(x -> {
      List<Future<Void>> closing = new ArrayList<>();
      for (WebSocket socket : sockets) closing.add(socket.close());
      return Future.join(closing).mapEmpty();
    });
  }
}
