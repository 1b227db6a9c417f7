package io.netwatch.alerts;

import io.netwatch.model.InvalidPacketException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Request bodies of the ack and suppression routes: checked before any SQL, each refusal names its field")
class RequestBodiesTest {
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  static Map<String, Object> body(Object... keysAndValues) {
    Map<String, Object> map = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    return map;
  }

  static SuppressionRequest suppression(Object... keysAndValues) {
    return SuppressionRequest.parse(body(keysAndValues), NOW);
  }

  static void assertSuppressionRefused(String field, Object... keysAndValues) {
    assertThatThrownBy(() -> suppression(keysAndValues)).isInstanceOfSatisfying(InvalidPacketException.class,
        e -> assertThat(e.field()).as(e.getMessage()).isEqualTo(field));
  }

  static void assertAckRefused(String field, Object... keysAndValues) {
    assertThatThrownBy(() -> AckRequest.parse(body(keysAndValues))).isInstanceOfSatisfying(
        InvalidPacketException.class, e -> assertThat(e.field()).as(e.getMessage()).isEqualTo(field));
  }

  @Test
  @DisplayName("ack: note and by are optional, by defaults to admin, a note keeps its lines")
  void ack() {
    assertThat(AckRequest.parse(Map.of())).isEqualTo(new AckRequest(null, "admin"));
    assertThat(AckRequest.parse(body("note", "benign:\nbackup job", "by", " alice "))).isEqualTo(
        new AckRequest("benign:\nbackup job", "alice"));
    assertThat(AckRequest.parse(body("note", null, "by", ""))).isEqualTo(new AckRequest(null, "admin"));
    assertThat(AckRequest.parse(body("note", "n".repeat(1000), "by", "b".repeat(100))).note()).hasSize(1000);
  }

  @Test
  @DisplayName("ack refusals: too long, not a string, NUL or control characters, unknown fields")
  void ackRefused() {
    assertAckRefused("note", "note", "n".repeat(1001));
    assertAckRefused("by", "by", "b".repeat(101));
    assertAckRefused("note", "note", 5);
    assertAckRefused("by", "by", true);
    assertAckRefused("note", "note", "a\u0000b");
    assertAckRefused("by", "by", "eve\nadmin");
    assertAckRefused("notes", "notes", "typo");
  }

  @Test
  @DisplayName("suppression: each part, permanent or until a time, defaults for reason and created_by")
  void suppressionValid() {
    SuppressionRequest scan = suppression("detector", "port_scan", "src_cidr", "10.0.0.0/8", "dst_cidr",
        "192.168.1.5", "dst_port", 22, "reason", "nightly scanner", "created_by", "ops");
    assertThat(scan.rule().detector()).isEqualTo("port_scan");
    assertThat(scan.rule().src()).hasToString("10.0.0.0/8");
    assertThat(scan.rule().dst()).hasToString("192.168.1.5/32");
    assertThat(scan.rule().dstPort()).isEqualTo(22);
    assertThat(scan.expiresAt()).isNull();
    assertThat(scan.rule().expiresAtMillis()).isNull();
    assertThat(scan.reason()).isEqualTo("nightly scanner");
    assertThat(scan.createdBy()).isEqualTo("ops");

    SuppressionRequest byReason = suppression("detector", "high_entropy");
    assertThat(byReason.reason()).isEmpty();
    assertThat(byReason.createdBy()).isEqualTo("admin");

    SuppressionRequest until = suppression("dst_port", 0, "expires_at", "2026-06-01T14:00:00+01:00");
    assertThat(until.expiresAt()).isEqualTo(Instant.parse("2026-06-01T13:00:00Z"));
    assertThat(until.rule().dstPort()).isZero();
  }

  @Test
  @DisplayName("suppression: duration_seconds counts from now; expires_at in the past or now is refused")
  void expiry() {
    SuppressionRequest hour = suppression("detector", "syn_flood", "duration_seconds", 3600);
    assertThat(hour.expiresAt()).isEqualTo(NOW.plusSeconds(3600));
    assertThat(hour.rule().expiresAtMillis()).isEqualTo(NOW.plusSeconds(3600).toEpochMilli());
    assertThat(suppression("detector", "syn_flood", "duration_seconds", 3600.0).expiresAt())
        .isEqualTo(NOW.plusSeconds(3600));
    assertThat(suppression("detector", "syn_flood", "expires_at", "2026-06-01T12:00:00.001Z").expiresAt())
        .isEqualTo(NOW.plusMillis(1));
    assertSuppressionRefused("expires_at", "detector", "syn_flood", "expires_at", "2026-06-01T12:00:00Z");
    assertSuppressionRefused("expires_at", "detector", "syn_flood", "expires_at", "2020-01-01T00:00:00Z");
    assertSuppressionRefused("expires_at", "detector", "syn_flood", "expires_at", "tomorrow");
    assertSuppressionRefused("expires_at", "detector", "syn_flood", "expires_at", "2027-01-01T00:00:00");
    assertSuppressionRefused("expires_at", "detector", "syn_flood", "expires_at", 1_900_000_000_000L);
    assertSuppressionRefused("expires_at", "detector", "syn_flood", "expires_at", "+10000-01-01T00:00:00Z");
    assertSuppressionRefused("duration_seconds", "detector", "syn_flood", "duration_seconds", 60,
        "expires_at", "2027-01-01T00:00:00Z");
    assertSuppressionRefused("duration_seconds", "detector", "syn_flood", "duration_seconds", 0);
    assertSuppressionRefused("duration_seconds", "detector", "syn_flood", "duration_seconds", -5);
    assertSuppressionRefused("duration_seconds", "detector", "syn_flood", "duration_seconds", 1.5);
    assertSuppressionRefused("duration_seconds", "detector", "syn_flood", "duration_seconds", "60");
    assertSuppressionRefused("duration_seconds", "detector", "syn_flood", "duration_seconds",
        new BigInteger("99999999999999999999999"));
    assertSuppressionRefused("duration_seconds", "detector", "syn_flood", "duration_seconds", 1e300);
  }

  @Test
  @DisplayName("suppression refusals name their field; a rule that would match every alert is refused")
  void suppressionRefused() {
    assertSuppressionRefused("detector");
    assertSuppressionRefused("detector", "reason", "everything", "created_by", "me");
    assertSuppressionRefused("detector", "detector", null, "src_cidr", null, "dst_cidr", null, "dst_port", null);
    assertSuppressionRefused("detector", "detector", "portscan");
    assertSuppressionRefused("detector", "detector", "");
    assertSuppressionRefused("detector", "detector", 3);
    assertSuppressionRefused("src_cidr", "src_cidr", "evil.example.com");
    assertSuppressionRefused("src_cidr", "src_cidr", "10.0.0.1/8");
    assertSuppressionRefused("src_cidr", "src_cidr", "10.0.0.0/40");
    assertSuppressionRefused("dst_cidr", "dst_cidr", "::1/129");
    assertSuppressionRefused("dst_cidr", "dst_cidr", "1.2.3.4\u0000");
    assertSuppressionRefused("dst_port", "dst_port", 65_536);
    assertSuppressionRefused("dst_port", "dst_port", -1);
    assertSuppressionRefused("dst_port", "dst_port", "22");
    assertSuppressionRefused("dst_port", "dst_port", 22.5);
    assertSuppressionRefused("reason", "detector", "packet", "reason", "r".repeat(1001));
    assertSuppressionRefused("reason", "detector", "packet", "reason", "a\u0000");
    assertSuppressionRefused("created_by", "detector", "packet", "created_by", "c".repeat(101));
    assertSuppressionRefused("created_by", "detector", "packet", "created_by", "x\ty");
    assertSuppressionRefused("src_ip", "detector", "packet", "src_ip", "10.0.0.1");
  }
}
