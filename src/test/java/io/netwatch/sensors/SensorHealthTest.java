package io.netwatch.sensors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("SensorHealth: rates over the last minute and hour, refusals by status, last error")
class SensorHealthTest {
  static final long T0 = 1_700_000_000_000L - 1_700_000_000_000L % 3_600_000;

  @Test
  @DisplayName("packets per second over the last whole minute and hour; older slots drop out")
  void rates() {
    SensorHealth health = new SensorHealth(SensorHealth.Listener.NONE);
    for (int s = 0; s < 60; s++) health.accepted(6, T0 + s * 1000L);
    assertThat(health.perSecondLastMinute(T0 + 60_000)).isEqualTo(6.0);
    assertThat(health.perSecondLastHour(T0 + 60_000)).isEqualTo(360 / 3600.0);
    assertThat(health.perSecondLastMinute(T0 + 90_000)).isEqualTo(3.0);
    assertThat(health.perSecondLastMinute(T0 + 200_000)).isZero();
    assertThat(health.perSecondLastHour(T0 + 3_600_000)).isEqualTo(0.1);
    assertThat(health.perSecondLastHour(T0 + 3_660_000)).isZero();
    assertThat(health.lastSeenMillis()).isEqualTo(T0 + 59_000);
    assertThat(health.packets()).isEqualTo(360);
  }

  @Test
  @DisplayName("refusals count by status (others together); the last error keeps its status, time and message")
  @SuppressWarnings("unchecked")
  void refusals() {
    List<String> heard = new ArrayList<>();
    SensorHealth health = new SensorHealth(new SensorHealth.Listener() {
      @Override
      public void accepted(int packets) {
        heard.add("accepted " + packets);
      }

      @Override
      public void refused(int status) {
        heard.add("refused " + status);
      }
    });
    health.refused(429, T0);
    health.refused(429, T0);
    health.refused(415, T0);
    health.refused(400, T0 + 5);
    health.errorMessage("dst_port must be 0..65535");
    health.accepted(2, T0 + 6);
    health.clockSkew(-1500);
    health.userAgent("netwatch-sensor/1.0");
    assertThat(health.rejected(429)).isEqualTo(2);
    assertThat(health.rejected(415)).isEqualTo(1);
    assertThat(health.rejected(503)).isZero();
    Map<String, Object> snapshot = health.snapshot(T0 + 10);
    assertThat((Map<String, Object>) snapshot.get("rejected")).containsEntry("429", 2L).containsEntry("other", 1L)
        .containsEntry("400", 1L);
    assertThat((Map<String, Object>) snapshot.get("last_error")).containsEntry("status", 400)
        .containsEntry("at_ms", T0 + 5).containsEntry("message", "dst_port must be 0..65535");
    assertThat(snapshot).containsEntry("clock_skew_ms", -1500L).containsEntry("user_agent", "netwatch-sensor/1.0");
    assertThat(heard).containsExactly("refused 429", "refused 429", "refused 415", "refused 400", "accepted 2");
    health.refused(413, T0 + 20);
    assertThat((Map<String, Object>) health.snapshot(T0 + 30).get("last_error"))
        .containsEntry("message", "body over the size limit");
  }
}
