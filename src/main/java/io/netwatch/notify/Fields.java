package io.netwatch.notify;

import io.netwatch.model.InvalidPacketException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks of a decoded JSON body's fields, each refusal naming its field. Pure. */
final class Fields {
  private static final int MAX_LIST = 20;

  private Fields() {
  }

  /** A single-line string of at most {@code max} characters; null when absent or JSON null. */
  static String text(Map<String, Object> body, String field, int max) {
    Object value = body.get(field);
    if (value == null) return null;
    if (!(value instanceof String s)) throw new InvalidPacketException(field, field + " must be a string");
    if (s.length() > max) throw new InvalidPacketException(field, field + " must be at most " + max + " characters");
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        throw new InvalidPacketException(field, field + " must not contain control characters");
      }
    }
    return s;
  }

  static String oneOf(Map<String, Object> body, String field, List<String> allowed, String otherwise) {
    String value = text(body, field, 50);
    if (value == null) return otherwise;
    if (!allowed.contains(value)) throw new InvalidPacketException(field, field + " must be one of " + allowed);
    return value;
  }

  static boolean bool(Map<String, Object> body, String field, boolean otherwise) {
    Object value = body.get(field);
    if (value == null) return otherwise;
    if (!(value instanceof Boolean b)) throw new InvalidPacketException(field, field + " must be true or false");
    return b;
  }

  static long whole(Map<String, Object> body, String field, long min, long max, long otherwise) {
    Object value = body.get(field);
    if (value == null) return otherwise;
    String range = field + " must be a whole number from " + min + " to " + max;
    boolean integral = value instanceof Integer || value instanceof Long || value instanceof Short;
    if (!integral) throw new InvalidPacketException(field, range);
    long whole = ((Number) value).longValue();
    if (whole < min || whole > max) throw new InvalidPacketException(field, range);
    return whole;
  }

  /** A JSON array of at most {@link #MAX_LIST} strings. */
  static List<String> strings(Map<String, Object> body, String field) {
    if (!(body.get(field) instanceof List<?> list)) {
      throw new InvalidPacketException(field, field + " must be an array of strings");
    }
    if (list.size() > MAX_LIST) throw new InvalidPacketException(field, field + " has more than " + MAX_LIST + " items");
    List<String> strings = new ArrayList<>(list.size());
    for (Object item : list) {
      if (!(item instanceof String s)) throw new InvalidPacketException(field, field + " must be an array of strings");
      strings.add(s);
    }
    return strings;
  }
}
