package io.netwatch.sensors;

/** Event-bus addresses of the sensor registry (every node, not bridged to browsers). */
public final class SensorEvents {
  /** Publish: {"name": ...} a sensor was registered, rotated or revoked: every node reloads its token snapshot. */
  public static final String CHANGED = "sensors.changed";

  private SensorEvents() {
  }
}
