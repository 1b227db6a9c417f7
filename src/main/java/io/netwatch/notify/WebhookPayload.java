package io.netwatch.notify;

import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Webhook bodies and their Standard Webhooks signature: {@code webhook-signature: v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">}. Pure.
 */
public final class WebhookPayload {
  private WebhookPayload() {
  }

  /** {"version": "1", "event": ..., "alert": {the API's shape}}: the same bytes on every retry of the event. */
  public static String body(OutboxEvent event) {
    return new JsonObject().put("version", "1").put("event", event.event()).put("alert", event.alert()).encode();
  }

  /** A Slack-compatible incoming webhook's body: {"text": ...}. */
  public static String slackBody(OutboxEvent event) {
    return new JsonObject().put("text", AlertText.line(event.event(), event.alert())).encode();
  }

  public static String signature(byte[] key, String id, long timestampSeconds, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] digest = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
