package io.netwatch.sensors;

/** When a sensor counts as silent. Pure. */
public final class SilentSensors {
  /** A sensor must have sent within this long for its silence to engage an alert (older ones are retired). */
  public static final long ACTIVE_WITHIN_MS = 3_600_000;

  private SilentSensors() {
  }

  /** Nothing for silentAfterSeconds from a sensor that sent at all. */
  public static boolean silent(Long lastSeenMillis, int silentAfterSeconds, long nowMillis) {
    return lastSeenMillis != null && lastSeenMillis > 0 && nowMillis - lastSeenMillis >= silentAfterSeconds * 1000L;
  }
}
