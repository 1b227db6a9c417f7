package io.netwatch.web;

import io.netwatch.model.InvalidPacketException;
import io.netwatch.model.PacketValidator;
import io.netwatch.model.Severity;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parsers for query-string and path parameters of the REST API. Pure: an absent or blank value is null (or the
 * default), a bad one throws {@link InvalidPacketException} naming the parameter, for a 400.
 */
public final class QueryParams {
  private QueryParams() {
  }

  /** A positive whole number (an id, or a keyset position such as before_id). */
  public static Long positiveId(String value, String field) {
    if (value == null || value.isBlank()) return null;
    try {
      long id = Long.parseLong(value.strip());
      if (id < 1) throw new NumberFormatException();
      return id;
    } catch (NumberFormatException e) {
      throw new InvalidPacketException(field, field + " must be a positive whole number");
    }
  }

  /** The page size {@code limit}: 1 to {@code max}, {@code defaultLimit} when absent. */
  public static int limit(String value, int defaultLimit, int max) {
    if (value == null || value.isBlank()) return defaultLimit;
    try {
      int limit = Integer.parseInt(value.strip());
      if (limit < 1 || limit > max) throw new NumberFormatException();
      return limit;
    } catch (NumberFormatException e) {
      throw new InvalidPacketException("limit", "limit must be between 1 and " + max);
    }
  }

  /**
   * An ISO-8601 time with an offset (2026-01-31T12:00:00Z) or epoch milliseconds, in the years 1 to 9999 (the
   * client encodes a time outside PostgreSQL's range into a wrong one, without an error).
   */
  public static OffsetDateTime time(String value, String field) {
    if (value == null || value.isBlank()) return null;
    OffsetDateTime time;
    try {
      time = OffsetDateTime.parse(value.strip());
    } catch (DateTimeParseException e) {
      try {
        time = Instant.ofEpochMilli(Long.parseLong(value.strip())).atOffset(ZoneOffset.UTC);
      } catch (NumberFormatException | DateTimeException notMillis) {
        time = null;
      }
    }
    if (time == null || time.getYear() < 1 || time.getYear() > 9999) {
      throw new InvalidPacketException(field, field + " must be an ISO-8601 time (2026-01-31T12:00:00Z)"
          + " or epoch milliseconds, in the years 1 to 9999");
    }
    return time;
  }

  /** true or false (any case). */
  public static Boolean bool(String value, String field) {
    if (value == null || value.isBlank()) return null;
    String word = value.strip().toLowerCase(Locale.ROOT);
    if (!word.equals("true") && !word.equals("false")) {
      throw new InvalidPacketException(field, field + " must be true or false");
    }
    return Boolean.valueOf(word);
  }

  /** A severity label, any case: low, medium, high or critical. */
  public static Severity severity(String value, String field) {
    if (value == null || value.isBlank()) return null;
    Severity severity = Severity.fromLabel(value.strip().toLowerCase(Locale.ROOT));
    if (severity == null) throw new InvalidPacketException(field, field + " must be low, medium, high or critical");
    return severity;
  }

  /** The labels of {@code minimum} and every severity above it. */
  public static List<String> atLeast(Severity minimum) {
    List<String> labels = new ArrayList<>();
    for (Severity s : Severity.values()) {
      if (s.compareTo(minimum) >= 0) labels.add(s.label());
    }
    return labels;
  }

  /** An IPv4 or IPv6 literal in its normal form; never resolved. */
  public static String ip(String value, String field) {
    if (value == null || value.isBlank()) return null;
    return PacketValidator.ipLiteral(value.strip(), field);
  }
}
