package io.netwatch.alerts;

import io.netwatch.model.InvalidPacketException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("SuppressionRule: which alerts a rule silences, and until when")
class SuppressionRuleTest {
  static final long NOW = 1_800_000_000_000L;

  static SuppressionRule rule(String detector, String src, String dst, Integer port, Long expiresAt) {
    return SuppressionRule.parse(7, detector, src, dst, port, expiresAt);
  }

  @Test
  @DisplayName("a detector rule matches that detector, or a packet alert whose reasons hold it; null matches any")
  void detector() {
    SuppressionRule scans = rule("port_scan", null, null, null, null);
    assertThat(scans.matches("port_scan", List.of(), "10.0.0.1", "10.0.0.2", null, NOW)).isTrue();
    assertThat(scans.matches("host_sweep", List.of(), "10.0.0.1", null, 22, NOW)).isFalse();
    SuppressionRule reason = rule("suspicious_port", null, null, null, null);
    assertThat(reason.matches("packet", List.of("syn_only", "suspicious_port"), "10.0.0.1", "10.0.0.2", null, NOW))
        .isTrue();
    assertThat(reason.matches("packet", List.of("syn_only"), "10.0.0.1", "10.0.0.2", null, NOW)).isFalse();
    assertThat(reason.matches("packet", null, "10.0.0.1", "10.0.0.2", null, NOW)).isFalse();
    SuppressionRule anyDetector = rule(null, "10.0.0.0/8", null, null, null);
    for (String d : Detectors.ALERT_DETECTORS) {
      assertThat(anyDetector.matches(d, List.of(), "10.1.2.3", null, null, NOW)).as(d).isTrue();
    }
  }

  @Test
  @DisplayName("every part that is set must match: src and dst networks, dst_port")
  void allParts() {
    SuppressionRule r = rule("port_scan", "10.0.0.0/8", "192.168.1.0/24", null, null);
    assertThat(r.matches("port_scan", List.of(), "10.9.9.9", "192.168.1.200", null, NOW)).isTrue();
    assertThat(r.matches("port_scan", List.of(), "11.9.9.9", "192.168.1.200", null, NOW)).isFalse();
    assertThat(r.matches("port_scan", List.of(), "10.9.9.9", "192.168.2.1", null, NOW)).isFalse();
    SuppressionRule ssh = rule("host_sweep", "2001:db8::/32", null, 22, null);
    assertThat(ssh.matches("host_sweep", List.of(), "2001:db8::5", null, 22, NOW)).isTrue();
    assertThat(ssh.matches("host_sweep", List.of(), "2001:db8::5", null, 23, NOW)).isFalse();
    assertThat(ssh.matches("host_sweep", List.of(), "2001:db9::5", null, 22, NOW)).isFalse();
    assertThat(ssh.matches("host_sweep", List.of(), "10.0.0.1", null, 22, NOW)).isFalse();
  }

  @Test
  @DisplayName("a part set on the rule but absent from the alert never matches (a syn_flood has only dst_ip)")
  void absentOnTheAlert() {
    SuppressionRule bySource = rule(null, "10.0.0.0/8", null, null, null);
    assertThat(bySource.matches("syn_flood", List.of(), null, "10.0.0.1", null, NOW)).isFalse();
    SuppressionRule byPort = rule(null, null, null, 443, null);
    assertThat(byPort.matches("port_scan", List.of(), "10.0.0.1", "10.0.0.2", null, NOW)).isFalse();
    SuppressionRule byDestination = rule("syn_flood", null, "10.0.0.1", null, null);
    assertThat(byDestination.matches("syn_flood", List.of(), null, "10.0.0.1", null, NOW)).isTrue();
    assertThat(byDestination.matches("syn_flood", List.of(), null, null, null, NOW)).isFalse();
  }

  @Test
  @DisplayName("an expired rule (expires_at <= now) matches nothing; a permanent one always")
  void expiry() {
    SuppressionRule until = rule("port_scan", null, null, null, NOW);
    assertThat(until.matches("port_scan", List.of(), "10.0.0.1", "10.0.0.2", null, NOW - 1)).isTrue();
    assertThat(until.matches("port_scan", List.of(), "10.0.0.1", "10.0.0.2", null, NOW)).isFalse();
    assertThat(until.matches("port_scan", List.of(), "10.0.0.1", "10.0.0.2", null, NOW + 1)).isFalse();
    SuppressionRule permanent = rule("port_scan", null, null, null, null);
    assertThat(permanent.matches("port_scan", List.of(), "10.0.0.1", "10.0.0.2", null, Long.MAX_VALUE)).isTrue();
  }

  @Test
  @DisplayName("parse names the bad field; matchesEverything only when no part is set")
  void parse() {
    assertThatThrownBy(() -> rule("portscan", null, null, null, null))
        .isInstanceOfSatisfying(InvalidPacketException.class, e -> assertThat(e.field()).isEqualTo("detector"));
    assertThatThrownBy(() -> rule(null, "10.0.0.1/8", null, null, null))
        .isInstanceOfSatisfying(InvalidPacketException.class, e -> assertThat(e.field()).isEqualTo("src_cidr"));
    assertThatThrownBy(() -> rule(null, null, "example.com", null, null))
        .isInstanceOfSatisfying(InvalidPacketException.class, e -> assertThat(e.field()).isEqualTo("dst_cidr"));
    assertThatThrownBy(() -> rule(null, null, null, 65_536, null))
        .isInstanceOfSatisfying(InvalidPacketException.class, e -> assertThat(e.field()).isEqualTo("dst_port"));
    assertThatThrownBy(() -> rule(null, null, null, -1, null)).isInstanceOf(InvalidPacketException.class);
    for (String name : List.of("port_scan", "syn_flood", "host_sweep", "source_flood", "packet", "suspicious_port",
        "syn_only", "high_entropy", "high_rate", "abnormal_ttl", "oversized_payload")) {
      assertThat(rule(name, null, null, null, null).detector()).isEqualTo(name);
    }
    assertThat(rule(null, null, null, null, null).matchesEverything()).isTrue();
    assertThat(rule(null, null, null, 0, null).matchesEverything()).isFalse();
    SuppressionRule r = rule(null, "10.0.0.7", "::1", 0, NOW);
    assertThat(r.id()).isEqualTo(7);
    assertThat(r.src()).hasToString("10.0.0.7/32");
    assertThat(r.dst()).hasToString("::1/128");
    assertThat(r.dstPort()).isZero();
    assertThat(r.expiresAtMillis()).isEqualTo(NOW);
  }
}
