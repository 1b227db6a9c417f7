package io.netwatch.alerts;

import io.netwatch.model.InvalidPacketException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /api/v1/suppressions}, checked: a rule that names at least one of detector, src_cidr,
 * dst_cidr and dst_port, and expires in the future or never. Pure.
 *
 * @param expiresAt null: permanent
 */
public record SuppressionRequest(SuppressionRule rule, Instant expiresAt, String reason, String createdBy) {
  static final int MAX_REASON = 1_000;
  static final int MAX_CREATED_BY = 100;
  static final String DEFAULT_CREATED_BY = "admin";
  /** Ten years: longer is what a permanent rule (no expires_at) is for. */
  static final long MAX_DURATION_SECONDS = 10L * 366 * 24 * 3600;
  /** PostgreSQL's timestamptz goes further; nobody means a later expiry. */
  static final Instant LATEST_EXPIRY = Instant.parse("9999-12-31T23:59:59Z");
  private static final Set<String> FIELDS = Set.of("detector", "src_cidr", "dst_cidr", "dst_port", "expires_at",
      "duration_seconds", "reason", "created_by");

  public static SuppressionRequest parse(Map<String, Object> body, Instant now) {
    BodyFields.onlyKnown(body, FIELDS);
    String detector = BodyFields.text(body, "detector", 50, true);
    String srcCidr = BodyFields.text(body, "src_cidr", 100, true);
    String dstCidr = BodyFields.text(body, "dst_cidr", 100, true);
    Long dstPort = BodyFields.wholeNumber(body, "dst_port", 0, 65_535);
    Instant expiresAt = expiresAt(body, now);
    SuppressionRule rule = SuppressionRule.parse(0, detector, srcCidr, dstCidr,
        dstPort == null ? null : dstPort.intValue(), expiresAt == null ? null : expiresAt.toEpochMilli());
    if (rule.matchesEverything()) {
      throw new InvalidPacketException("detector", "a rule must name at least one of detector, src_cidr, dst_cidr"
          + " and dst_port: one that matches every alert is refused");
    }
    String reason = BodyFields.text(body, "reason", MAX_REASON, false);
    String createdBy = BodyFields.text(body, "created_by", MAX_CREATED_BY, true);
    return new SuppressionRequest(rule, expiresAt, reason == null ? "" : reason,
        createdBy == null || createdBy.isBlank() ? DEFAULT_CREATED_BY : createdBy.strip());
  }

  private static Instant expiresAt(Map<String, Object> body, Instant now) {
    Long duration = BodyFields.wholeNumber(body, "duration_seconds", 1, MAX_DURATION_SECONDS);
    Object text = body.get("expires_at");
    if (duration != null) {
      if (text != null) {
        throw new InvalidPacketException("duration_seconds", "give expires_at or duration_seconds, not both");
      }
      return now.plusSeconds(duration);
    }
    if (text == null) return null;
    Instant expiresAt;
    try {
      expiresAt = OffsetDateTime.parse(text instanceof String s ? s.strip() : "").toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidPacketException("expires_at", "expires_at must be an ISO-8601 time with an offset"
          + " (2026-01-31T12:00:00Z), or null for a permanent rule");
    }
    if (!expiresAt.isAfter(now)) throw new InvalidPacketException("expires_at", "expires_at must be in the future");
    if (expiresAt.isAfter(LATEST_EXPIRY)) {
      throw new InvalidPacketException("expires_at", "expires_at must be before the year 10000; leave it null for a"
          + " permanent rule");
    }
    return expiresAt;
  }
}
