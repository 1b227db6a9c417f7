package io.netwatch.sensors;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every valid token digest and its sensor, as one node last loaded them: an immutable snapshot, replaced whole
 * on reload, so the hot path reads it without a lock. A token is hashed, looked up by its digest, and the digest
 * found is compared again in constant time. Bounded by the registered sensors (two digests each at most). Pure.
 */
public final class Credentials {
  /** A digest valid until {@code validUntilMillis} ({@link Long#MAX_VALUE}: until rotated or revoked). */
  public record Entry(Sensor sensor, byte[] digest, long validUntilMillis) {
  }

  public static final Credentials NONE = new Credentials(List.of(), List.of());

  private final Map<ByteBuffer, Entry> byDigest;
  private final Map<String, Sensor> sensors;

  public Credentials(Collection<Sensor> sensors, Collection<Entry> entries) {
    Map<String, Sensor> named = new HashMap<>();
    for (Sensor sensor : sensors) named.put(sensor.name(), sensor);
    Map<ByteBuffer, Entry> digests = new HashMap<>();
    for (Entry entry : entries) digests.put(ByteBuffer.wrap(entry.digest().clone()), entry);
    this.sensors = Map.copyOf(named);
    this.byDigest = Map.copyOf(digests);
  }

  /** The sensor of a presented token valid at {@code nowMillis}, or null. */
  public Sensor sensorOf(String token, long nowMillis) {
    if (token == null) return null;
    byte[] digest = SensorTokens.digest(token);
    Entry entry = byDigest.get(ByteBuffer.wrap(digest));
    if (entry == null || !MessageDigest.isEqual(entry.digest(), digest)) return null;
    return nowMillis <= entry.validUntilMillis() ? entry.sensor() : null;
  }

  /** The sensor whose rotated-out token this is (valid once, expired at {@code nowMillis}), or null. */
  public Sensor expiredSensorOf(String token, long nowMillis) {
    if (token == null) return null;
    byte[] digest = SensorTokens.digest(token);
    Entry entry = byDigest.get(ByteBuffer.wrap(digest));
    if (entry == null || !MessageDigest.isEqual(entry.digest(), digest)) return null;
    return nowMillis > entry.validUntilMillis() ? entry.sensor() : null;
  }

  /** Every registered sensor by name (default included once loaded). */
  public Map<String, Sensor> sensors() {
    return sensors;
  }

  public Sensor sensor(String name) {
    return sensors.get(name);
  }
}
