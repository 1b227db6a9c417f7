package io.netwatch.dashboard;

import io.netwatch.model.InvalidPacketException;
import io.netwatch.model.PacketValidator;
import io.netwatch.model.Severity;
import io.netwatch.persistence.AnomalyQuery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Parses the query string of {@code GET /api/v1/anomalies}; the exception names the bad parameter. */
final class HistoryQuery {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1_000;

  private HistoryQuery() {
  }

  static AnomalyQuery parse(Function<String, String> param) {
    return new AnomalyQuery(
        severities(param.apply("severity"), param.apply("min_severity")),
        ip(param.apply("src_ip"), "src_ip"),
        ip(param.apply("dst_ip"), "dst_ip"),
        time(param.apply("since"), "since"),
        beforeId(param.apply("before_id")),
        limit(param.apply("limit")));
  }

  static List<String> severities(String exact, String minimum) {
    List<String> list = new ArrayList<>();
    if (exact != null && !exact.isBlank()) {
      for (String label : exact.split(",")) {
        Severity s = Severity.fromLabel(label.strip().toLowerCase(java.util.Locale.ROOT));
        if (s == null) throw new InvalidPacketException("severity", "severity must be low, medium, high or critical");
        list.add(s.label());
      }
    }
    if (minimum != null && !minimum.isBlank()) {
      Severity min = Severity.fromLabel(minimum.strip().toLowerCase(java.util.Locale.ROOT));
      if (min == null) {
        throw new InvalidPacketException("min_severity", "min_severity must be low, medium, high or critical");
      }
      List<String> atLeast = new ArrayList<>();
      for (Severity s : Severity.values()) {
        if (s.compareTo(min) >= 0 && (list.isEmpty() || list.contains(s.label()))) atLeast.add(s.label());
      }
      if (atLeast.isEmpty()) atLeast.add("none");
      return atLeast;
    }
    return list;
  }

  static String ip(String value, String field) {
    if (value == null || value.isBlank()) return null;
    return PacketValidator.ipLiteral(value.strip(), field);
  }

  /** An ISO-8601 time or epoch milliseconds; null when absent. */
  static OffsetDateTime time(String value, String field) {
    if (value == null || value.isBlank()) return null;
    try {
      return OffsetDateTime.parse(value.strip());
    } catch (DateTimeParseException e) {
      try {
        return Instant.ofEpochMilli(Long.parseLong(value.strip())).atOffset(ZoneOffset.UTC);
      } catch (NumberFormatException | java.time.DateTimeException notMillis) {
        throw new InvalidPacketException(field, field + " must be an ISO-8601 time (2026-01-31T12:00:00Z)"
            + " or epoch milliseconds");
      }
    }
  }

  private static Long beforeId(String value) {
    if (value == null || value.isBlank()) return null;
    try {
      long id = Long.parseLong(value.strip());
      if (id < 1) throw new NumberFormatException();
      return id;
    } catch (NumberFormatException e) {
      throw new InvalidPacketException("before_id", "before_id must be a positive whole number");
    }
  }

  private static int limit(String value) {
    if (value == null || value.isBlank()) return DEFAULT_LIMIT;
    try {
      int limit = Integer.parseInt(value.strip());
      if (limit < 1 || limit > MAX_LIMIT) throw new NumberFormatException();
      return limit;
    } catch (NumberFormatException e) {
      throw new InvalidPacketException("limit", "limit must be between 1 and " + MAX_LIMIT);
    }
  }
}
