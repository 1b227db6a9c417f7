package io.netwatch.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.time.Instant;

/**
 * Alertmanager and webhook recipients over HTTP(S). Each recipient has its own client and connection pool (as many
 * connections as its concurrency) and its own timeout, so a receiver that hangs holds only its own connections.
 */
final class HttpChannel implements Channel {
  enum Kind { ALERTMANAGER, WEBHOOK }

  private static final int MAX_ANSWER = 300;

  private final Recipient recipient;
  private final String publicUrl;
  private final Kind kind;
  private final WebClient client;
  private final String url;
  private final byte[] signingKey;

  HttpChannel(Vertx vertx, Recipient recipient, String publicUrl, Kind kind) {
    this.recipient = recipient;
    this.publicUrl = publicUrl;
    this.kind = kind;
    this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(recipient.timeoutMs())
        .setUserAgent("netwatch").setFollowRedirects(false), new PoolOptions().setHttp1MaxSize(recipient.concurrency()));
    String base = recipient.setting("url");
    this.url = kind == Kind.ALERTMANAGER && !base.endsWith("/api/v2/alerts")
        ? (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v2/alerts" : base;
    this.signingKey = recipient.secret() == null ? null : RecipientRequest.signingKey(recipient.secret());
  }

  @Override
  public Future<DeliveryResult> deliver(OutboxEvent event) {
    Instant now = Instant.now();
    HttpRequest<Buffer> request = client.postAbs(url).timeout(recipient.timeoutMs())
        .putHeader("Content-Type", "application/json");
    String body;
    if (kind == Kind.ALERTMANAGER) {
      body = AlertmanagerPayload.alerts(event, publicUrl, recipient.resendSeconds(), now).encode();
    } else if ("slack".equals(recipient.setting("format"))) {
      body = WebhookPayload.slackBody(event);
    } else {
      body = WebhookPayload.body(event);
      long timestamp = now.getEpochSecond();
      request.putHeader("webhook-id", event.messageId())
          .putHeader("webhook-timestamp", Long.toString(timestamp))
          .putHeader("webhook-signature", WebhookPayload.signature(signingKey, event.messageId(), timestamp, body));
    }
    return request.sendBuffer(Buffer.buffer(body))
        .map(response -> result(response, now))
        .otherwise(DeliveryResult::unreachable);
  }

  private static DeliveryResult result(HttpResponse<Buffer> response, Instant now) {
    int status = response.statusCode();
    String answer = response.body() == null ? "" : response.body().toString();
    if (answer.length() > MAX_ANSWER) answer = answer.substring(0, MAX_ANSWER);
    String detail = status + " " + response.statusMessage() + (answer.isBlank() ? "" : ": " + answer.strip());
    if (status >= 200 && status < 300) return DeliveryResult.ok(status, detail);
    long retryAfter = RetryPolicy.honoursRetryAfter(status)
        ? RetryPolicy.retryAfterMs(response.getHeader("Retry-After"), now) : -1;
    return DeliveryResult.failed(status, detail, retryAfter);
  }

  @Override
  public Future<Void> close() {
    client.close();
    return Future.succeededFuture();
  }
}
