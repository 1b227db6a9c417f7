package io.netwatch.dashboard;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alert events of one live-feed frame, {"event": "engaged|updated|released", "alert": {...}}, the
 * latest per alert (an alert engaged and updated within one frame stays "engaged", with its latest state).
 * Bounded: past {@code maxAlerts} alerts, updates are dropped (the next one carries the state) and past
 * twice that, every event; {@link #dropped()} counts them.
 */
final class AlertEvents {
  private final int maxAlerts;
  private Map<Long, JsonObject> pending = new LinkedHashMap<>();
  private long dropped;

  AlertEvents(int maxAlerts) {
    this.maxAlerts = maxAlerts;
  }

  void add(String event, JsonObject alert) {
    Long id = alert.getLong("id");
    if (id == null) return;
    JsonObject earlier = pending.get(id);
    if (earlier == null) {
      boolean update = "updated".equals(event);
      if (pending.size() >= (update ? maxAlerts : 2 * maxAlerts)) {
        dropped++;
        return;
      }
      pending.put(id, new JsonObject().put("event", event).put("alert", alert));
    } else {
      boolean stillNew = "engaged".equals(earlier.getString("event")) && "updated".equals(event);
      earlier.put("event", stillNew ? "engaged" : event).put("alert", alert);
    }
  }

  /** The events since the last call, in the order their alerts first appeared. */
  List<JsonObject> drain() {
    if (pending.isEmpty()) return List.of();
    List<JsonObject> events = new ArrayList<>(pending.values());
    pending = new LinkedHashMap<>();
    return events;
  }

  long dropped() {
    return dropped;
  }
}
