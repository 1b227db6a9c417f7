package io.netwatch.detection;

import io.vertx.core.json.JsonObject;

import java.util.EnumMap;
import java.util.Map;

/**
 * This JVM's view of the detectors' state, for {@code /ready}: the bytes and tracked keys last read from
 * Redis, and whether detection is in its emergency mode (a detector refused or evicted a key, or Redis
 * refused a write, within the last {@link #EMERGENCY_HOLD_MS}). Shared by the detector instances of the JVM.
 */
public final class DetectionHealth {
  /** How long one refusal keeps the node in emergency mode: long enough for a scrape and a look at /ready. */
  static final long EMERGENCY_HOLD_MS = 60_000;

  private static final Map<Detector, long[]> STATE = new EnumMap<>(Detector.class);
  private static long emergencySince = -1;
  private static long lastPressureAt = Long.MIN_VALUE / 2;
  private static long memcapBytes;

  private DetectionHealth() {
  }

  static synchronized void memcap(long bytes) {
    memcapBytes = bytes;
  }

  static synchronized void state(Detector detector, long bytes, long trackedKeys) {
    STATE.put(detector, new long[] {bytes, trackedKeys});
  }

  /** A detector hit its bound (or Redis its maxmemory) at {@code nowMillis}. */
  static synchronized void pressure(long nowMillis) {
    if (!emergency(nowMillis)) emergencySince = nowMillis;
    lastPressureAt = nowMillis;
  }

  public static synchronized boolean emergency(long nowMillis) {
    return nowMillis - lastPressureAt < EMERGENCY_HOLD_MS;
  }

  /** What /ready shows under "detection". */
  public static synchronized JsonObject describe(long nowMillis) {
    boolean emergency = emergency(nowMillis);
    JsonObject detectors = new JsonObject();
    long total = 0;
    for (Map.Entry<Detector, long[]> e : STATE.entrySet()) {
      detectors.put(e.getKey().label(), new JsonObject().put("state_bytes", e.getValue()[0])
          .put("tracked_keys", e.getValue()[1]));
      total += e.getValue()[0];
    }
    JsonObject out = new JsonObject().put("mode", emergency ? "emergency" : "normal").put("state_bytes", total)
        .put("memcap_bytes", memcapBytes).put("detectors", detectors);
    if (emergency) out.put("emergency_since", java.time.Instant.ofEpochMilli(emergencySince).toString());
    return out;
  }
}
