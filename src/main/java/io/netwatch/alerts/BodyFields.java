package io.netwatch.alerts;

import io.netwatch.model.InvalidPacketException;

import java.math.BigInteger;
import java.util.Map;
import java.util.Set;

/** Checks of a decoded JSON request body's fields; each exception names its field. Pure. */
final class BodyFields {
  private BodyFields() {
  }

  /** Refuses a field the request does not know: a misspelt field would otherwise be dropped without a word. */
  static void onlyKnown(Map<String, Object> body, Set<String> known) {
    for (String field : body.keySet()) {
      if (!known.contains(field)) {
        throw new InvalidPacketException(field, "unknown field " + field + "; known fields: " + String.join(", ",
            known.stream().sorted().toList()));
      }
    }
  }

  /**
   * A string of at most {@code max} characters, or null when absent or JSON null. No NUL anywhere (PostgreSQL's
   * text refuses it); a {@code singleLine} one has no control character at all.
   */
  static String text(Map<String, Object> body, String field, int max, boolean singleLine) {
    Object value = body.get(field);
    if (value == null) return null;
    if (!(value instanceof String s)) throw new InvalidPacketException(field, field + " must be a string");
    if (s.length() > max) throw new InvalidPacketException(field, field + " must be at most " + max + " characters");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0 || (singleLine && Character.isISOControl(c))) {
        throw new InvalidPacketException(field, field + " must not contain control characters");
      }
    }
    return s;
  }

  /** A whole number from {@code min} to {@code max}, or null when absent or JSON null. */
  static Long wholeNumber(Map<String, Object> body, String field, long min, long max) {
    Object value = body.get(field);
    if (value == null) return null;
    String range = field + " must be a whole number from " + min + " to " + max;
    if (!(value instanceof Number n)) throw new InvalidPacketException(field, range);
    boolean integral = n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
    if (n instanceof BigInteger big) {
      if (big.bitLength() > 63) throw new InvalidPacketException(field, range);
      integral = true;
    }
    double d = n.doubleValue();
    if (!integral && !(Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 1e15)) {
      throw new InvalidPacketException(field, range);
    }
    long whole = n.longValue();
    if (whole < min || whole > max) throw new InvalidPacketException(field, range);
    return whole;
  }
}
