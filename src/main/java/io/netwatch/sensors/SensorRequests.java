package io.netwatch.sensors;

import io.netwatch.model.InvalidPacketException;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The admin API's request bodies, checked; every exception names its field (answered 422). Pure. */
public final class SensorRequests {
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");
  static final int MAX_DESCRIPTION = 500;
  static final long MAX_QUOTA_PPS = 10_000_000;
  static final long MAX_SILENT_AFTER_SECONDS = 7 * 86_400;
  static final long MAX_OVERLAP_SECONDS = 30 * 86_400;
  public static final long DEFAULT_OVERLAP_SECONDS = 3600;

  /** {@code POST /api/v1/sensors}. */
  public record Registration(String name, String description, Integer quotaPps, Integer silentAfterSeconds) {
  }

  private SensorRequests() {
  }

  public static Registration registration(Map<String, Object> body) {
    onlyKnown(body, Set.of("name", "description", "quota_pps", "silent_after_seconds"));
    Object name = body.get("name");
    if (name == null) throw new InvalidPacketException("name", "name is required");
    if (!(name instanceof String s) || !NAME.matcher(s).matches()) {
      throw new InvalidPacketException("name", "name must be 1 to 63 characters of a-z, 0-9, '_', '.', '-',"
          + " starting with a letter or digit");
    }
    if (Sensor.DEFAULT.equals(name)) {
      throw new InvalidPacketException("name", "'default' is INGESTION_TOKEN's sensor and cannot be registered");
    }
    Object description = body.get("description");
    if (description != null && !(description instanceof String)) {
      throw new InvalidPacketException("description", "description must be a string");
    }
    String text = description == null ? "" : (String) description;
    if (text.length() > MAX_DESCRIPTION || text.indexOf('\0') >= 0) {
      throw new InvalidPacketException("description", "description must be at most " + MAX_DESCRIPTION
          + " characters, without NUL");
    }
    Long quota = wholeNumber(body, "quota_pps", 1, MAX_QUOTA_PPS);
    Long silentAfter = wholeNumber(body, "silent_after_seconds", 1, MAX_SILENT_AFTER_SECONDS);
    return new Registration((String) name, text, quota == null ? null : quota.intValue(),
        silentAfter == null ? null : silentAfter.intValue());
  }

  /** {@code POST /api/v1/sensors/{name}/rotate}: how long the old token stays valid, in seconds. */
  public static long overlapSeconds(Map<String, Object> body) {
    onlyKnown(body, Set.of("overlap_seconds"));
    Long overlap = wholeNumber(body, "overlap_seconds", 0, MAX_OVERLAP_SECONDS);
    return overlap == null ? DEFAULT_OVERLAP_SECONDS : overlap;
  }

  private static void onlyKnown(Map<String, Object> body, Set<String> known) {
    for (String field : body.keySet()) {
      if (!known.contains(field)) {
        throw new InvalidPacketException(field, "unknown field " + field + "; known fields: "
            + String.join(", ", known.stream().sorted().toList()));
      }
    }
  }

  /** A whole number from min to max, or null when absent or JSON null. */
  private static Long wholeNumber(Map<String, Object> body, String field, long min, long max) {
    Object value = body.get(field);
    if (value == null) return null;
    String range = field + " must be a whole number from " + min + " to " + max;
    if (!(value instanceof Number n)) throw new InvalidPacketException(field, range);
    double d = n.doubleValue();
    if (!Double.isFinite(d) || d != Math.rint(d) || d < min || d > max) throw new InvalidPacketException(field, range);
    return n.longValue();
  }
}
