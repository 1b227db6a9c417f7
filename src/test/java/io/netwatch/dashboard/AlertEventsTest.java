package io.netwatch.dashboard;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Alert events of a frame: the latest per alert, engaged stays engaged, bounded")
class AlertEventsTest {
  static JsonObject alert(long id, long packets) {
    return new JsonObject().put("id", id).put("packet_count", packets);
  }

  @Test
  @DisplayName("an alert engaged then updated within a frame is one 'engaged' event with the latest state")
  void coalesces() {
    AlertEvents events = new AlertEvents(10);
    events.add("engaged", alert(1, 1));
    events.add("updated", alert(2, 5));
    events.add("updated", alert(1, 7));
    events.add("released", alert(2, 9));
    assertThat(events.drain()).containsExactly(
        new JsonObject().put("event", "engaged").put("alert", alert(1, 7)),
        new JsonObject().put("event", "released").put("alert", alert(2, 9)));
    assertThat(events.drain()).isEmpty();
  }

  @Test
  @DisplayName("past the bound, updates are dropped first and counted; engaged and released have twice the room")
  void bounded() {
    AlertEvents events = new AlertEvents(2);
    events.add("updated", alert(1, 1));
    events.add("updated", alert(2, 1));
    events.add("updated", alert(3, 1));
    events.add("engaged", alert(4, 1));
    events.add("released", alert(5, 1));
    events.add("engaged", alert(6, 1));
    assertThat(events.drain()).extracting(e -> e.getJsonObject("alert").getLong("id")).containsExactly(1L, 2L, 4L, 5L);
    assertThat(events.dropped()).isEqualTo(2);
  }
}
