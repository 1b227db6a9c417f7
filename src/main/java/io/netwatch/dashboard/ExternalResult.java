package io.netwatch.dashboard;

import io.netwatch.model.InvalidPacketException;
import io.netwatch.model.PacketValidator;
import io.netwatch.model.Anomaly;
import io.netwatch.model.Packet;
import io.netwatch.model.Severity;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Validates a result submitted by an external scorer ({@code POST /api/v1/anomalies}): the packet fields
 * of the ingest contract plus score (0..1), optional severity (derived from the score when absent),
 * reasons, entropy, stream_id (for idempotent resubmission) and received_at.
 */
final class ExternalResult {
  private static final Pattern REASON = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final Pattern STREAM_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
  private static final int MAX_REASONS = 32;

  private ExternalResult() {
  }

  static Anomaly validate(Map<String, Object> json, PacketValidator packets, long nowMillis) {
    Packet packet = packets.validate(json);
    double score = number(json, "score", true, 0, 1);
    Severity severity = severity(json.get("severity"), score);
    double entropy = number(json, "entropy", false, 0, 8);
    return new Anomaly(streamId(json.get("stream_id")), packet, entropy, score, severity, reasons(json.get("reasons")),
        receivedAt(json.get("received_at"), nowMillis));
  }

  private static double number(Map<String, Object> json, String field, boolean required, double min, double max) {
    Object value = json.get(field);
    if (value == null) {
      if (required) throw new InvalidPacketException(field, field + " is required");
      return 0;
    }
    if (!(value instanceof Number n)) throw new InvalidPacketException(field, field + " must be a number");
    double d = n.doubleValue();
    if (!Double.isFinite(d) || d < min || d > max) {
      throw new InvalidPacketException(field, field + " must be between " + min + " and " + max);
    }
    return d;
  }

  private static Severity severity(Object value, double score) {
    if (value == null) return Severity.of(score);
    Severity severity = value instanceof String s ? Severity.fromLabel(s) : null;
    if (severity == null) {
      throw new InvalidPacketException("severity", "severity must be low, medium, high or critical");
    }
    return severity;
  }

  private static List<String> reasons(Object value) {
    if (value == null) return List.of();
    if (!(value instanceof List<?> list)) throw new InvalidPacketException("reasons", "reasons must be an array");
    if (list.size() > MAX_REASONS) {
      throw new InvalidPacketException("reasons", "reasons must hold at most " + MAX_REASONS + " names");
    }
    List<String> reasons = new ArrayList<>(list.size());
    for (Object o : list) {
      if (!(o instanceof String s) || !REASON.matcher(s).matches()) {
        throw new InvalidPacketException("reasons", "each reason must be a name of 1 to 64 letters, digits or _.:-");
      }
      reasons.add(s);
    }
    return reasons;
  }

  private static String streamId(Object value) {
    if (value == null) return "ext-" + UUID.randomUUID();
    if (!(value instanceof String s) || !STREAM_ID.matcher(s).matches()) {
      throw new InvalidPacketException("stream_id", "stream_id must be 1 to 128 letters, digits or _.:-");
    }
    return s;
  }

  private static long receivedAt(Object value, long nowMillis) {
    if (value == null) return nowMillis;
    if (value instanceof Number n && n.longValue() > 0 && n.doubleValue() < 1e15) return n.longValue();
    if (value instanceof String s) {
      try {
        return Instant.parse(s).toEpochMilli();
      } catch (DateTimeParseException | ArithmeticException e) {
        // fall through to the error below
      }
    }
    throw new InvalidPacketException("received_at", "received_at must be an ISO-8601 time or epoch milliseconds");
  }
}
