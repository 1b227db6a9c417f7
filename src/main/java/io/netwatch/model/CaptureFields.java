package io.netwatch.model;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The two optional fields a capturing sensor adds to a packet: {@code ts}, when the packet was captured (epoch
 * microseconds as a JSON number, or RFC 3339 text), and {@code sensor}, the sensor's name. Pure: the clock's
 * reading is passed in. Only called when the field was sent, so packets without them cost nothing here.
 */
public final class CaptureFields {
  /** 2000-01-01T00:00:00Z in epoch microseconds: earlier capture times are refused (a clock that was never set). */
  public static final long EARLIEST_MICROS = 946_684_800_000_000L;
  public static final int MAX_SENSOR_LENGTH = 64;
  private static final String TS_FORM = "ts must be epoch microseconds (a whole number) or an RFC 3339 time";

  private CaptureFields() {
  }

  /**
   * The capture time in epoch microseconds.
   *
   * @param nowMillis    the platform's clock
   * @param maxSkewMicros how far ahead of {@code nowMillis} it may be; {@code Long.MAX_VALUE}: no bound
   * @throws InvalidPacketException naming {@code ts}
   */
  public static long timestamp(Object value, long nowMillis, long maxSkewMicros) {
    long micros = value instanceof String text ? rfc3339Micros(text) : numberMicros(value);
    if (micros < EARLIEST_MICROS) {
      throw new InvalidPacketException("ts", "ts must not be before 2000-01-01T00:00:00Z (ts is in epoch microseconds)");
    }
    if (maxSkewMicros != Long.MAX_VALUE && micros - nowMillis * 1000L > maxSkewMicros) {
      throw new InvalidPacketException("ts", "ts must not be more than " + maxSkewMicros / 1_000_000L
          + " s ahead of the platform's clock");
    }
    return micros;
  }

  private static long numberMicros(Object value) {
    if (value instanceof Integer || value instanceof Long) return ((Number) value).longValue();
    if (value instanceof Number n) {
      double d = n.doubleValue();
      // Beyond 2^53 a double is not exact to the microsecond; a fraction of a microsecond is not a capture time.
      if (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 9.007199254740992e15) return (long) d;
    }
    throw new InvalidPacketException("ts", TS_FORM);
  }

  /** {@code 2026-12-03T19:15:16.123456Z} or with an offset; RFC 3339 also allows t, z and a space for the T. */
  private static long rfc3339Micros(String text) {
    if (text.length() < 20 || text.length() > 40) throw new InvalidPacketException("ts", TS_FORM);
    String normal = text.toUpperCase(Locale.ROOT);
    if (normal.charAt(10) == ' ') normal = normal.substring(0, 10) + 'T' + normal.substring(11);
    try {
      Instant at = OffsetDateTime.parse(normal, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1000);
    } catch (DateTimeException | ArithmeticException e) {
      throw new InvalidPacketException("ts", TS_FORM);
    }
  }

  /**
   * The sensor's name: 1 to {@value #MAX_SENSOR_LENGTH} printable characters (no control, format or unassigned
   * character, not only spaces).
   *
   * @throws InvalidPacketException naming {@code sensor}
   */
  public static String sensor(Object value) {
    if (!(value instanceof String name)) throw new InvalidPacketException("sensor", "sensor must be a string");
    int length = name.codePointCount(0, name.length());
    if (length < 1 || length > MAX_SENSOR_LENGTH || name.isBlank()) {
      throw new InvalidPacketException("sensor", "sensor must be 1 to " + MAX_SENSOR_LENGTH + " printable characters");
    }
    for (int i = 0; i < name.length(); ) {
      int c = name.codePointAt(i);
      if (!printable(c)) {
        throw new InvalidPacketException("sensor", "sensor must be 1 to " + MAX_SENSOR_LENGTH
            + " printable characters (no control characters)");
      }
      i += Character.charCount(c);
    }
    return name;
  }

  private static boolean printable(int c) {
    return switch (Character.getType(c)) {
      case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.SURROGATE, Character.PRIVATE_USE,
           Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
      default -> true;
    };
  }
}
