package io.netwatch.notify;

import io.netwatch.alerts.Detectors;
import io.netwatch.model.InvalidPacketException;
import io.netwatch.model.Severity;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST} and {@code PUT /api/v1/recipients[/{id}]}, checked field by field; every refusal names
 * its field. A PUT without {@code secret} keeps the stored one ({@code creating} false). Pure.
 */
public final class RecipientRequest {
  static final int MIN_SECRET = 16;
  private static final Set<String> COMMON = Set.of("name", "type", "min_severity", "detectors", "events", "enabled",
      "max_age_seconds", "min_interval_seconds", "resend_seconds", "concurrency", "timeout_ms");
  private static final Map<String, Set<String>> ENDPOINT = Map.of(
      Recipient.ALERTMANAGER, Set.of("url"),
      Recipient.WEBHOOK, Set.of("url", "format", "secret"),
      Recipient.SYSLOG, Set.of("host", "port", "protocol", "format"));

  private RecipientRequest() {
  }

  public static Recipient parse(Map<String, Object> body, boolean creating) {
    String type = Fields.text(body, "type", 20);
    if (type == null) throw new InvalidPacketException("type", "type is required: one of " + Recipient.TYPES);
    if (!Recipient.TYPES.contains(type)) {
      throw new InvalidPacketException("type", "unknown type " + type + "; known types: " + Recipient.TYPES);
    }
    for (String field : body.keySet()) {
      if (!COMMON.contains(field) && !ENDPOINT.get(type).contains(field)) {
        throw new InvalidPacketException(field, "unknown field " + field + " for a recipient of type " + type);
      }
    }
    String name = Fields.text(body, "name", 100);
    if (name == null || name.isBlank()) throw new InvalidPacketException("name", "name is required");
    Map<String, Object> settings = new LinkedHashMap<>();
    String secret = endpoint(type, body, settings, creating);
    return new Recipient(0, name.strip(), type, settings, secret, minSeverity(body), detectors(body), events(body),
        Fields.bool(body, "enabled", true),
        (int) Fields.whole(body, "max_age_seconds", 1, 30L * 86_400, 86_400),
        (int) Fields.whole(body, "min_interval_seconds", 0, 86_400, 60),
        (int) Fields.whole(body, "resend_seconds", 1, 86_400, 60),
        (int) Fields.whole(body, "concurrency", 1, 64, 4),
        (int) Fields.whole(body, "timeout_ms", 100, 60_000, 5_000));
  }

  /** Fills the type's settings; the secret, or null when there is none (or a PUT keeps the stored one). */
  private static String endpoint(String type, Map<String, Object> body, Map<String, Object> settings,
                                 boolean creating) {
    switch (type) {
      case Recipient.ALERTMANAGER -> settings.put("url", url(body));
      case Recipient.WEBHOOK -> {
        settings.put("url", url(body));
        String format = Fields.oneOf(body, "format", List.of("standard", "slack"), "standard");
        settings.put("format", format);
        String secret = Fields.text(body, "secret", 500);
        if (format.equals("slack")) {
          if (secret != null) throw new InvalidPacketException("secret", "a slack webhook is not signed: no secret");
          return null;
        }
        if (secret == null && creating) {
          throw new InvalidPacketException("secret", "secret is required: the key that signs every delivery");
        }
        if (secret != null) signingKey(secret);
        return secret;
      }
      default -> {
        String host = Fields.text(body, "host", 253);
        if (host == null) throw new InvalidPacketException("host", "host is required");
        settings.put("host", EndpointPolicy.host(host.strip(), "host"));
        settings.put("port", Fields.whole(body, "port", 1, 65_535, 514));
        settings.put("protocol", Fields.oneOf(body, "protocol", List.of("udp", "tcp"), "udp"));
        settings.put("format", Fields.oneOf(body, "format", List.of("json", "cef"), "json"));
      }
    }
    return null;
  }

  private static String url(Map<String, Object> body) {
    String url = Fields.text(body, "url", 2_000);
    if (url == null) throw new InvalidPacketException("url", "url is required");
    return EndpointPolicy.httpUrl(url.strip(), "url").toString();
  }

  /**
   * The HMAC key of a secret: Standard Webhooks' {@code whsec_<base64>} is its decoded bytes; any other string of at
   * least {@link #MIN_SECRET} characters is its UTF-8 bytes.
   */
  public static byte[] signingKey(String secret) {
    if (secret.startsWith("whsec_")) {
      byte[] key;
      try {
        key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
      } catch (IllegalArgumentException e) {
        throw new InvalidPacketException("secret", "a whsec_ secret must be base64 after the prefix");
      }
      if (key.length < 16) throw new InvalidPacketException("secret", "secret must hold at least 16 bytes");
      return key;
    }
    if (secret.length() < MIN_SECRET) {
      throw new InvalidPacketException("secret", "secret must be at least " + MIN_SECRET + " characters");
    }
    return secret.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String minSeverity(Map<String, Object> body) {
    String label = Fields.text(body, "min_severity", 20);
    if (label == null) return Severity.LOW.label();
    if (Severity.fromLabel(label) == null) {
      throw new InvalidPacketException("min_severity", "min_severity must be one of low, medium, high, critical");
    }
    return label;
  }

  /** null (or absent, or "all"): every detector. */
  private static List<String> detectors(Map<String, Object> body) {
    Object value = body.get("detectors");
    if (value == null || "all".equals(value)) return null;
    List<String> names = Fields.strings(body, "detectors");
    for (String name : names) {
      if (!Detectors.isAlertDetector(name)) {
        throw new InvalidPacketException("detectors", "unknown detector " + name + "; known detectors: "
            + String.join(", ", Detectors.ALERT_DETECTORS) + " (or \"all\")");
      }
    }
    if (names.isEmpty()) throw new InvalidPacketException("detectors", "detectors must name at least one detector");
    return names;
  }

  private static List<String> events(Map<String, Object> body) {
    if (body.get("events") == null) return List.of("engaged", "released");
    List<String> events = new ArrayList<>();
    for (String event : Fields.strings(body, "events")) {
      if (!Recipient.EVENTS.contains(event)) {
        throw new InvalidPacketException("events", "unknown event " + event + "; known events: " + Recipient.EVENTS);
      }
      if (!events.contains(event)) events.add(event);
    }
    if (events.isEmpty()) throw new InvalidPacketException("events", "events must name at least one event");
    return events;
  }
}
