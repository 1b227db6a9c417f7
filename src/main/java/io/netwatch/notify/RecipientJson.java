package io.netwatch.notify;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;

/** A recipient as the API answers it: its settings flattened beside the common fields, and never its secret. */
final class RecipientJson {
  private RecipientJson() {
  }

  static JsonObject of(Recipient r, Row row) {
    JsonObject json = new JsonObject().put("id", r.id()).put("name", r.name()).put("type", r.type());
    r.settings().forEach(json::put);
    if (Recipient.WEBHOOK.equals(r.type())) json.put("secret_set", r.secret() != null);
    return json
        .put("min_severity", r.minSeverity())
        .put("detectors", RecipientRepository.strings(r.detectors()))
        .put("events", RecipientRepository.strings(r.events()))
        .put("enabled", r.enabled())
        .put("max_age_seconds", r.maxAgeSeconds())
        .put("min_interval_seconds", r.minIntervalSeconds())
        .put("resend_seconds", r.resendSeconds())
        .put("concurrency", r.concurrency())
        .put("timeout_ms", r.timeoutMs())
        .put("created_at", iso(row.getOffsetDateTime("created_at")))
        .put("updated_at", iso(row.getOffsetDateTime("updated_at")));
  }

  private static String iso(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }
}
