package io.netwatch.sensors;

import io.netwatch.alerts.SuppressionRule;
import io.netwatch.detection.AlertHit;
import io.netwatch.model.Severity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** When a sensor counts as silent, and the sensor_silent alert hits of one check. Pure. */
public final class SilentSensors {
  /** The alerts' detector name. */
  public static final String DETECTOR = "sensor_silent";
  /**
   * A sensor must have sent within this long before it fell silent for its silence to engage an alert: one retired
   * long ago stays quiet. An alert already engaged is refreshed for as long as the sensor stays silent.
   */
  public static final long ACTIVE_WITHIN_MS = 3_600_000;

  private SilentSensors() {
  }

  /** Nothing for silentAfterSeconds from a sensor that sent at all. */
  public static boolean silent(Long lastSeenMillis, int silentAfterSeconds, long nowMillis) {
    return lastSeenMillis != null && lastSeenMillis > 0 && nowMillis - lastSeenMillis >= silentAfterSeconds * 1000L;
  }

  /**
   * The alert hits of one check, sorted by sensor: each silent sensor engages (or refreshes) its alert unless a
   * suppression rule matches it; the alert's first_seen is when the sensor last sent, its last_seen the check.
   *
   * @param localLastSeen this node's own last-seen times, fresher than the table's
   * @param quietMs       the alert's quiet period: released this long after the last check that found it silent
   */
  public static List<AlertHit> hits(List<SensorRepository.Activity> sensors, Map<String, Long> localLastSeen,
      int defaultSilentAfterSeconds, List<SuppressionRule> rules, long quietMs, long nowMillis) {
    List<AlertHit> hits = new ArrayList<>();
    for (SensorRepository.Activity sensor : sensors) {
      long lastSeen = Math.max(sensor.lastSeenMillis() == null ? 0 : sensor.lastSeenMillis(),
          localLastSeen.getOrDefault(sensor.name(), 0L));
      int silentAfter = sensor.silentAfterSeconds() == null ? defaultSilentAfterSeconds : sensor.silentAfterSeconds();
      if (!silent(lastSeen, silentAfter, nowMillis)) continue;
      boolean recent = nowMillis - lastSeen <= ACTIVE_WITHIN_MS + silentAfter * 1000L;
      if (!recent && !sensor.alertEngaged()) continue;
      if (rules.stream().anyMatch(rule -> rule.matches(DETECTOR, List.of(), null, null, null, nowMillis))) continue;
      hits.add(new AlertHit(DETECTOR, sensor.name(), List.of(), null, null, null, lastSeen, nowMillis, 0, 0, 0.0,
          Severity.HIGH, quietMs));
    }
    hits.sort(Comparator.comparing(AlertHit::key));
    return hits;
  }
}
