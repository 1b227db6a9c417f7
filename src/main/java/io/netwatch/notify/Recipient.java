package io.netwatch.notify;

import java.util.List;
import java.util.Map;

/**
 * Where alert events go: a type (alertmanager, webhook, syslog), its endpoint settings, which events it wants and
 * how it is delivered to. {@code secret} is write-only: {@link RecipientJson} never shows it. Pure.
 *
 * @param settings  the type's endpoint settings (url, format, host, port, protocol), without the secret
 * @param detectors null: every detector
 */
public record Recipient(long id, String name, String type, Map<String, Object> settings, String secret,
                        String minSeverity, List<String> detectors, List<String> events, boolean enabled,
                        int maxAgeSeconds, int minIntervalSeconds, int resendSeconds, int concurrency,
                        int timeoutMs) {
  public static final String ALERTMANAGER = "alertmanager";
  public static final String WEBHOOK = "webhook";
  public static final String SYSLOG = "syslog";
  public static final List<String> TYPES = List.of(ALERTMANAGER, WEBHOOK, SYSLOG);
  public static final List<String> EVENTS = List.of("engaged", "updated", "acknowledged", "released");

  public Recipient {
    settings = Map.copyOf(settings);
    detectors = detectors == null ? null : List.copyOf(detectors);
    events = List.copyOf(events);
  }

  public String setting(String key) {
    Object value = settings.get(key);
    return value == null ? null : value.toString();
  }

  public int intSetting(String key, int otherwise) {
    return settings.get(key) instanceof Number n ? n.intValue() : otherwise;
  }

  /** The same recipient with this id (and the secret kept when {@code secret} is null). */
  Recipient withId(long newId, String keptSecret) {
    return new Recipient(newId, name, type, settings, secret != null ? secret : keptSecret, minSeverity, detectors,
        events, enabled, maxAgeSeconds, minIntervalSeconds, resendSeconds, concurrency, timeoutMs);
  }

  @Override
  public String toString() {
    // Never the secret, whoever logs a recipient.
    return "Recipient[" + id + " " + name + " " + type + " " + settings + "]";
  }
}
