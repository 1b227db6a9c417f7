package io.netwatch.notify;

import io.netwatch.notify.WebhookReceiver.Behaviour;
import io.netwatch.notify.WebhookReceiver.Received;
import io.netwatch.testing.ChildPlatform;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two notifier JVMs on one database; the one that claimed deliveries is SIGKILLed while its receiver holds them
 * unanswered: once its leases run out, the other delivers every event, each under its own stable webhook-id.
 */
@Tag("slow")
@DisplayName("Failover: a notifier JVM killed mid-delivery loses nothing, the other delivers everything")
class NotifierFailoverTest {
  @Platform
  PlatformUnderTest platform;

  ChildPlatform notifier(String name) {
    return new ChildPlatform(name, platform.config()
        .put("notify", new JsonObject().put("tick_ms", 100).put("sweep_ms", 500))
        .put("verticles", new JsonArray().add(new JsonObject().put("name", "notifier")
            .put("class", NotifierVerticle.class.getName()).put("instances", 1)))).awaitStarted();
  }

  @Test
  @DisplayName("SIGKILL while four deliveries hang: the other JVM delivers all 12 events, signed, in order per alert")
  void killedMidDelivery() {
    boolean[] up = {false};
    try (WebhookReceiver receiver = new WebhookReceiver(platform.vertx, n -> up[0] ? Behaviour.OK : Behaviour.HANG);
         ChildPlatform first = notifier("notify-a")) {
      // timeout_ms 1000: a claim's lease is 12 s (2 x timeout + 10 s).
      platform.database.execute("INSERT INTO recipients (name, type, settings, secret, timeout_ms) VALUES ('soc',"
          + " 'webhook', '{\"url\": \"" + receiver.url("/soc") + "\", \"format\": \"standard\"}',"
          + " '" + WebhookDeliveryTest.SECRET + "', 1000)");
      Outboxes outboxes = new Outboxes(platform);
      List<Long> alerts = new ArrayList<>();
      for (int i = 1; i <= 6; i++) alerts.add(outboxes.engage("10.8.0." + i, "high"));
      alerts.forEach(outboxes::release);
      // The first node holds four deliveries (its concurrency) unanswered.
      within(Duration.ofSeconds(30), () -> assertThat(receiver.requests).hasSizeGreaterThanOrEqualTo(4));
      try (ChildPlatform second = notifier("notify-b")) {
        first.kill();
        up[0] = true;
        within(Duration.ofSeconds(60), () -> assertThat(receiver.accepted().stream().map(Received::id)
            .collect(Collectors.toSet())).hasSize(12));
        assertThat(platform.database.count("SELECT count(*) FROM notify_events")).isEqualTo(12);
        assertThat(platform.database.count("SELECT count(*) FROM notify_deliveries WHERE state = 'delivered'"))
            .isEqualTo(12);
        receiver.accepted().forEach(WebhookDeliveryTest::assertSigned);
        // Copies (the killed node's deliveries, sent again) only under the 12 events' ids.
        assertThat(receiver.requests.stream().map(Received::id).collect(Collectors.toSet())).hasSize(12);
        for (long alert : alerts) {
          assertThat(receiver.accepted().stream().filter(r -> r.id().startsWith("alert-" + alert + "-"))
              .map(r -> r.json().getString("event")).distinct().toList()).containsExactly("engaged", "released");
        }
      }
    }
  }
}
