package io.netwatch.dashboard;

import io.netwatch.testing.Await;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.Future;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many browsers on the live feed ({@code anomalies.live}) while sensors post: each gets the same paced
 * frames, a bounded sample of rows with exact counts, and ingest keeps answering every request.
 */
@DisplayName("Live feed: one frame per tick shared by many bridge clients, exact counts, ingest unaffected")
class LiveFeedFanOutTest {
  static final int BROWSERS = 40;
  static final int PACKETS = 600;
  static final int SENSORS = 8;

  @Platform(deployed = true)
  PlatformUnderTest platform;

  /** One bridge client: the raw SockJS websocket endpoint, JSON frames, as the official client sends them. */
  final class Browser {
    final List<String> raw = new CopyOnWriteArrayList<>();
    final WebSocket socket;

    Browser(WebSocketClient sockets) {
      socket = Await.result(sockets.connect(platform.webPort(), "127.0.0.1", "/eventbus/websocket"));
      socket.textMessageHandler(raw::add);
      socket.writeTextMessage(new JsonObject().put("type", "register").put("address", "anomalies.live").encode());
    }

    @Override
    public String toString() {
      return "browser with " + raw.size() + " messages, first: " + raw.stream().limit(2).toList();
    }

    List<JsonObject> frames() {
      return raw.stream().map(JsonObject::new).filter(f -> "anomalies.live".equals(f.getString("address")))
          .map(f -> f.getJsonObject("body")).toList();
    }

    /** The ids of the alerts this browser has had an event of. */
    java.util.Set<Long> alertIds() {
      java.util.Set<Long> ids = new java.util.TreeSet<>();
      for (JsonObject frame : frames()) {
        frame.getJsonArray("alerts").forEach(e -> ids.add(((JsonObject) e).getJsonObject("alert").getLong("id")));
      }
      return ids;
    }

    /** Rows committed since this browser's first frame, from the cumulative totals: exact even if a frame was skipped. */
    long committedSeen() {
      List<JsonObject> frames = frames();
      if (frames.isEmpty()) return 0;
      JsonObject first = frames.get(0);
      return sum(frames.get(frames.size() - 1).getJsonObject("totals")) - sum(first.getJsonObject("totals"))
          + sum(first.getJsonObject("counts"));
    }
  }

  static long sum(JsonObject bySeverity) {
    return bySeverity.stream().mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
  }

  @Test
  @DisplayName("40 browsers: every one gets frames with exact counts, bounded samples and every alert event;"
      + " every ingest request answered 200")
  void manyBrowsers() {
    WebSocketClient sockets = platform.vertx.createWebSocketClient();
    List<Browser> browsers = new ArrayList<>();
    for (int i = 0; i < BROWSERS; i++) browsers.add(new Browser(sockets));
    // Every browser is registered once it has had a frame (empty ones come a few times a second).
    within(Duration.ofSeconds(5), () -> assertThat(browsers).allMatch(b -> !b.frames().isEmpty()));

    AtomicInteger ok = new AtomicInteger();
    List<Integer> failures = new CopyOnWriteArrayList<>();
    postAll(ok, failures);
    assertThat(failures).as("ingest answers other than 200").isEmpty();
    assertThat(ok.get()).isEqualTo(PACKETS);

    within(Duration.ofSeconds(20), () -> assertThat(browsers).allSatisfy(b ->
        assertThat(b.committedSeen()).isEqualTo(PACKETS)));
    for (Browser b : browsers) {
      List<JsonObject> frames = b.frames();
      assertThat(frames).allSatisfy(f -> {
        JsonArray rows = f.getJsonArray("anomalies");
        assertThat(rows.size()).isLessThanOrEqualTo(LiveFeed.SAMPLE_ROWS);
        assertThat(f.getLong("skipped")).isEqualTo(sum(f.getJsonObject("counts")) - rows.size());
        rows.forEach(r -> assertThat(((JsonObject) r).getString("stream_id")).isNotBlank());
      });
      assertThat(frames.stream().mapToInt(f -> f.getJsonArray("anomalies").size()).sum()).isPositive();
    }
    // Half the packets (port 4444, SYN) are high: one alert per source, and every browser hears of each.
    java.util.Set<Long> engaged = new java.util.TreeSet<>();
    within(Duration.ofSeconds(10), () -> {
      engaged.clear();
      engaged.addAll(alertIds());
      assertThat(engaged).hasSize(125);
    });
    within(Duration.ofSeconds(10), () -> assertThat(browsers).allSatisfy(b ->
        assertThat(b.alertIds()).isEqualTo(engaged)));
    // Built once, written to all: the frames with rows are the same bytes for every browser.
    String shared = browsers.get(0).raw.stream().filter(f -> f.contains("\"stream_id\"")).findFirst().orElseThrow();
    assertThat(browsers).allMatch(b -> b.raw.contains(shared));
    Await.result(sockets.close());
  }

  java.util.Set<Long> alertIds() {
    java.util.Set<Long> ids = new java.util.TreeSet<>();
    try (var connection = platform.database.connect();
         var rows = connection.createStatement().executeQuery("SELECT id FROM alerts WHERE detector = 'packet'")) {
      while (rows.next()) ids.add(rows.getLong(1));
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
    return ids;
  }

  /** SENSORS concurrent sensors, one packet per request, as the old system's sensors post. */
  void postAll(AtomicInteger ok, List<Integer> failures) {
    List<Future<Void>> sensors = new ArrayList<>();
    AtomicInteger next = new AtomicInteger();
    for (int s = 0; s < SENSORS; s++) sensors.add(postNext(next, ok, failures));
    Await.result(Future.all(sensors), 60);
  }

  Future<Void> postNext(AtomicInteger next, AtomicInteger ok, List<Integer> failures) {
    int i = next.getAndIncrement();
    if (i >= PACKETS) return Future.succeededFuture();
    JsonObject packet = new JsonObject().put("src_ip", "10.40.0." + (i % 250)).put("dst_ip", "10.41.0.1")
        .put("protocol", "TCP").put("dst_port", i % 2 == 0 ? 4444 : 443).put("tcp_flags", 2).put("ttl", 64);
    return platform.ingestRequest()
        .sendJsonObject(packet)
        .compose(response -> {
          if (response.statusCode() == 200) ok.incrementAndGet(); else failures.add(response.statusCode());
          return postNext(next, ok, failures);
        });
  }
}
