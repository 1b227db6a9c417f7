package io.netwatch.sensors;

/**
 * A registered sensor as the token check knows it.
 *
 * @param quotaPps           packets per second admitted, or 0 for no quota
 * @param silentAfterSeconds its own silence threshold, or 0 for the global one
 */
public record Sensor(String name, int quotaPps, int silentAfterSeconds) {
  /** INGESTION_TOKEN's sensor. */
  public static final String DEFAULT = "default";

  public boolean isDefault() {
    return DEFAULT.equals(name);
  }
}
