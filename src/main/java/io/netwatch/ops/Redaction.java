package io.netwatch.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Copies a config for display with every secret replaced: tokens, passwords, credentials in URLs. */
public final class Redaction {
  static final String REDACTED = "<redacted>";
  private static final List<String> SECRET_KEY_PARTS = List.of("token", "password", "secret", "credential");

  private Redaction() {
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> redact(Map<String, Object> config) {
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : config.entrySet()) {
      String key = e.getKey().toLowerCase(java.util.Locale.ROOT);
      Object value = e.getValue();
      if (value != null && SECRET_KEY_PARTS.stream().anyMatch(key::contains)) {
        copy.put(e.getKey(), REDACTED);
      } else if (value instanceof Map<?, ?> nested) {
        copy.put(e.getKey(), redact((Map<String, Object>) nested));
      } else if (value instanceof String s && s.contains("://") && s.contains("@")) {
        copy.put(e.getKey(), s.replaceFirst("://([^:/@]*):[^@]*@", "://$1:" + REDACTED + "@"));
      } else {
        copy.put(e.getKey(), value);
      }
    }
    return copy;
  }
}
