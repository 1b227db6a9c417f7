package io.netwatch.alerts;

import io.netwatch.model.InvalidPacketException;

import java.util.List;

/**
 * An operator's silence: an alert it matches is not engaged. Every part that is set must match, a part left null
 * matches anything; a rule whose {@code expiresAtMillis} has come matches nothing. Pure.
 *
 * @param detector        null, an alert detector, or a per-packet reason ({@link Detectors#isRuleTarget})
 * @param src             network of the alert's src_ip, or null
 * @param dst             network of the alert's dst_ip, or null
 * @param dstPort         the alert's dst_port, or null
 * @param expiresAtMillis epoch milliseconds, or null for a permanent rule
 */
public record SuppressionRule(long id, String detector, Cidr src, Cidr dst, Integer dstPort, Long expiresAtMillis) {

  /** Checks and builds a rule from its stored (or requested) form; the exception names the bad field. */
  public static SuppressionRule parse(long id, String detector, String srcCidr, String dstCidr, Integer dstPort,
      Long expiresAtMillis) {
    if (detector != null && !Detectors.isRuleTarget(detector)) {
      throw new InvalidPacketException("detector", "detector must be null or one of " + Detectors.ruleTargets());
    }
    if (dstPort != null && (dstPort < 0 || dstPort > 65_535)) {
      throw new InvalidPacketException("dst_port", "dst_port must be between 0 and 65535");
    }
    return new SuppressionRule(id, detector,
        srcCidr == null ? null : Cidr.parse(srcCidr, "src_cidr"),
        dstCidr == null ? null : Cidr.parse(dstCidr, "dst_cidr"),
        dstPort, expiresAtMillis);
  }

  /** True when no part is set: such a rule would silence every alert. */
  public boolean matchesEverything() {
    return detector == null && src == null && dst == null && dstPort == null;
  }

  /**
   * Whether this rule silences an alert of {@code detector} (with its per-packet {@code reasons}) on these key
   * fields, any of which may be null where the detector has no such field (a syn_flood has only dst_ip).
   */
  public boolean matches(String detector, List<String> reasons, String srcIp, String dstIp, Integer dstPort,
      long nowMillis) {
    if (expiresAtMillis != null && expiresAtMillis <= nowMillis) return false;
    if (this.detector != null && !this.detector.equals(detector)
        && (reasons == null || !reasons.contains(this.detector))) {
      return false;
    }
    if (src != null && !src.contains(srcIp)) return false;
    if (dst != null && !dst.contains(dstIp)) return false;
    return this.dstPort == null || this.dstPort.equals(dstPort);
  }
}
