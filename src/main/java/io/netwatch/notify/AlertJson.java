package io.netwatch.notify;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The alert snapshot the trigger wrote, with its times written as the API writes them (Instant's form). Pure. */
final class AlertJson {
  private static final List<String> TIMES = List.of("first_seen", "last_seen", "released_at", "acknowledged_at");

  private AlertJson() {
  }

  static JsonObject normalised(JsonObject snapshot) {
    JsonObject alert = snapshot.copy();
    for (String field : TIMES) {
      String value = alert.getString(field);
      if (value == null) continue;
      try {
        alert.put(field, Instant.parse(value).toString());
      } catch (DateTimeParseException e) {
        // kept as written
      }
    }
    return alert;
  }
}
