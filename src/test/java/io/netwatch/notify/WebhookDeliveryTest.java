package io.netwatch.notify;

import io.netwatch.notify.WebhookReceiver.Behaviour;
import io.netwatch.notify.WebhookReceiver.Received;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signed webhooks through the outbox on the whole platform, against real HTTP receivers: in order, signed, the same
 * webhook-id on every retry, Retry-After honoured, given up after max_age, and one hung receiver delaying no other.
 */
@DisplayName("Webhook delivery: at least once, signed, in order, retried with Retry-After, given up, never stuck")
class WebhookDeliveryTest {
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  @Platform
  static PlatformUnderTest platform;
  static Outboxes outboxes;

  @BeforeAll
  static void deploy() {
    platform.deploy(platform.config().put("notify", new JsonObject().put("tick_ms", 100).put("sweep_ms", 500)));
    outboxes = new Outboxes(platform);
  }

  @AfterEach
  void forgetRecipients() {
    platform.database.execute("DELETE FROM recipients");
  }

  static JsonObject webhook(String name, String url) {
    return new JsonObject().put("name", name).put("type", "webhook").put("url", url).put("secret", SECRET)
        .put("events", List.of("engaged", "updated", "acknowledged", "released")).put("timeout_ms", 2_000);
  }

  /** Verifies as a Standard Webhooks receiver does: HMAC-SHA256 of id.timestamp.body, compared in constant time. */
  static void assertSigned(Received r) {
    String expected = WebhookPayload.signature(RecipientRequest.signingKey(SECRET), r.id(),
        Long.parseLong(r.timestamp()), r.body());
    assertThat(MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        r.signature().getBytes(StandardCharsets.US_ASCII))).as(r.toString()).isTrue();
  }

  @Test
  @DisplayName("engaged, updated, acknowledged (through the API) and released arrive in order, signed, in the API's shape")
  void inOrderAndSigned() {
    try (WebhookReceiver receiver = new WebhookReceiver(platform.vertx, n -> Behaviour.OK)) {
      outboxes.recipient(webhook("ordered", receiver.url("/hook")).put("min_interval_seconds", 0));
      long alert = outboxes.engage("10.1.0.1", "high");
      platform.database.execute("UPDATE alerts SET packet_count = 20, last_seen = now() WHERE id = " + alert);
      assertThat(outboxes.admin(HttpMethod.POST, "/api/v1/alerts/" + alert + "/ack", "{\"by\": \"carol\"}")
          .statusCode()).isEqualTo(200);
      outboxes.release(alert);
      within(Duration.ofSeconds(15), () -> assertThat(receiver.accepted()).hasSize(4));
      List<Received> got = receiver.accepted();
      assertThat(got).extracting(r -> r.json().getString("event"))
          .containsExactly("engaged", "updated", "acknowledged", "released");
      got.forEach(WebhookDeliveryTest::assertSigned);
      assertThat(got).extracting(Received::id).doesNotHaveDuplicates().allMatch(id -> id.startsWith("alert-" + alert + "-"));
      JsonObject engaged = got.get(0).json();
      assertThat(engaged.getString("version")).isEqualTo("1");
      JsonObject fetched = outboxes.admin(HttpMethod.GET, "/api/v1/alerts/" + alert, null).bodyAsJsonObject()
          .getJsonObject("alert");
      assertThat(engaged.getJsonObject("alert").fieldNames()).isEqualTo(fetched.fieldNames());
      assertThat(engaged.getJsonObject("alert").getString("first_seen")).isEqualTo(fetched.getString("first_seen"));
      assertThat(got.get(1).json().getJsonObject("alert").getLong("packet_count")).isEqualTo(20);
      assertThat(got.get(2).json().getJsonObject("alert").getString("acknowledged_by")).isEqualTo("carol");
      assertThat(got.get(3).json().getJsonObject("alert").getString("state")).isEqualTo("released");
      within(Duration.ofSeconds(5), () -> assertThat(outboxes.admin(HttpMethod.GET, "/api/v1/alerts/" + alert
          + "/deliveries", null).bodyAsJsonObject().getJsonArray("deliveries").stream()
          .map(d -> ((JsonObject) d).getString("state")).toList()).containsOnly("delivered").hasSize(4));
    }
  }

  @Test
  @DisplayName("down 20 s, then 503 Retry-After: 2 twice, then 200: every event arrives, duplicates only by webhook-id")
  void downThenRetryAfterThenUp() {
    long downUntil = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    int[] unavailable = {0};
    try (WebhookReceiver receiver = new WebhookReceiver(platform.vertx, n -> {
      if (System.nanoTime() < downUntil) return Behaviour.DOWN;
      return unavailable[0]++ < 2 ? Behaviour.status(503, "2") : Behaviour.OK;
    })) {
      outboxes.recipient(webhook("flaky", receiver.url("/flaky")));
      List<Long> alerts = List.of(outboxes.engage("10.2.0.1", "high"), outboxes.engage("10.2.0.2", "critical"),
          outboxes.engage("10.2.0.3", "medium"));
      alerts.forEach(outboxes::release);
      within(Duration.ofSeconds(90), () -> assertThat(receiver.accepted()).hasSize(6));
      // Each webhook-id names one event: every copy of it carries the same body.
      Map<String, Set<String>> bodies = receiver.requests.stream().filter(r -> r.id() != null)
          .collect(Collectors.groupingBy(Received::id, Collectors.mapping(Received::body, Collectors.toSet())));
      assertThat(bodies).hasSize(6).allSatisfy((id, copies) -> assertThat(copies).hasSize(1));
      receiver.requests.forEach(WebhookDeliveryTest::assertSigned);
      Map<Long, List<String>> perAlert = new HashMap<>();
      receiver.accepted().forEach(r -> perAlert.computeIfAbsent(r.json().getJsonObject("alert").getLong("id"),
          k -> new java.util.ArrayList<>()).add(r.json().getString("event")));
      assertThat(perAlert).hasSize(3).allSatisfy((id, events) -> assertThat(events).containsExactly("engaged", "released"));
      // After the two 503s the next attempt waited for Retry-After (2 s), not the backoff's 1 s.
      List<Received> answered = receiver.requests.stream().filter(r -> !r.answered().drop()).toList();
      Received first503 = answered.get(0);
      assertThat(first503.answered().status()).isEqualTo(503);
      Received next = answered.stream().filter(r -> r.id().equals(first503.id()) && r != first503).findFirst().orElseThrow();
      assertThat(Duration.ofNanos(next.atNanos() - first503.atNanos())).isGreaterThanOrEqualTo(Duration.ofMillis(1_900));
    }
  }

  @Test
  @DisplayName("one that always fails is given up after max_age, listed as dead, and due again after a retry")
  void givenUp() {
    try (WebhookReceiver receiver = new WebhookReceiver(platform.vertx, n -> Behaviour.status(500, null))) {
      long id = outboxes.recipient(webhook("broken", receiver.url("/broken")).put("max_age_seconds", 3));
      long alert = outboxes.engage("10.3.0.1", "high");
      within(Duration.ofSeconds(30), () -> assertThat(outboxes.admin(HttpMethod.GET, "/api/v1/recipients/" + id
          + "/deliveries?state=dead", null).bodyAsJsonObject().getJsonArray("deliveries")).hasSize(1));
      JsonObject dead = outboxes.admin(HttpMethod.GET, "/api/v1/recipients/" + id + "/deliveries?state=dead", null)
          .bodyAsJsonObject().getJsonArray("deliveries").getJsonObject(0);
      assertThat(dead.getLong("alert_id")).isEqualTo(alert);
      assertThat(dead.getInteger("last_status")).isEqualTo(500);
      assertThat(dead.getInteger("attempts")).isGreaterThanOrEqualTo(2);
      int attempts = receiver.requests.size();
      receiver.behave(n -> Behaviour.OK);
      assertThat(outboxes.admin(HttpMethod.POST, "/api/v1/recipients/" + id + "/retry", null).bodyAsJsonObject()
          .getInteger("retried")).isEqualTo(1);
      within(Duration.ofSeconds(10), () -> assertThat(receiver.accepted()).hasSize(1));
      assertThat(receiver.requests.size()).isGreaterThan(attempts);
    }
  }

  @Test
  @DisplayName("a receiver that never answers leaves another recipient's latency under a second")
  void hungReceiverDelaysNoOther() {
    try (WebhookReceiver hung = new WebhookReceiver(platform.vertx, n -> Behaviour.HANG);
         WebhookReceiver fast = new WebhookReceiver(platform.vertx, n -> Behaviour.OK)) {
      outboxes.recipient(webhook("hung", hung.url("/hung")).put("timeout_ms", 30_000).put("concurrency", 2));
      long fastId = outboxes.recipient(webhook("fast", fast.url("/fast")));
      for (int i = 1; i <= 10; i++) outboxes.engage("10.4.0." + i, "high");
      within(Duration.ofSeconds(10), () -> assertThat(fast.accepted()).hasSize(10));
      assertThat(hung.requests).hasSizeLessThanOrEqualTo(2);
      double slowest = platform.database.count("SELECT COALESCE(max(EXTRACT(EPOCH FROM delivered_at - created_at)"
          + " * 1000), 0)::bigint FROM notify_deliveries WHERE recipient_id = " + fastId);
      assertThat(slowest).as("ms from the event's commit to the fast receiver's answer").isLessThan(1_000);
    }
  }
}
