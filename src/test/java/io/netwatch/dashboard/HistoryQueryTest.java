package io.netwatch.dashboard;

import io.netwatch.model.InvalidPacketException;
import io.netwatch.model.Anomaly;
import io.netwatch.model.Severity;
import io.netwatch.model.PacketValidator;
import io.netwatch.persistence.AnomalyQuery;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("History query parameters and external results: checked before any SQL")
class HistoryQueryTest {
  static AnomalyQuery parse(Map<String, String> params) {
    return HistoryQuery.parse(params::get);
  }

  static void assertRejected(Map<String, String> params, String field) {
    assertThatThrownBy(() -> parse(params)).isInstanceOfSatisfying(InvalidPacketException.class,
        e -> assertThat(e.field()).isEqualTo(field));
  }

  @Test
  @DisplayName("defaults and valid values")
  void valid() {
    AnomalyQuery q = parse(Map.of());
    assertThat(q.limit()).isEqualTo(100);
    assertThat(q.severities()).isEmpty();
    AnomalyQuery all = parse(Map.of("limit", "1000", "before_id", "42", "severity", "high,critical",
        "src_ip", "10.0.0.1", "since", "2026-01-31T12:00:00Z"));
    assertThat(all.limit()).isEqualTo(1000);
    assertThat(all.beforeId()).isEqualTo(42L);
    assertThat(all.severities()).containsExactly("high", "critical");
    assertThat(all.srcIp()).isEqualTo("10.0.0.1");
    assertThat(parse(Map.of("since", "1700000000000")).since()).isNotNull();
    assertThat(parse(Map.of("min_severity", "high")).severities()).containsExactly("high", "critical");
  }

  @Test
  @DisplayName("bad values name their parameter")
  void invalid() {
    assertRejected(Map.of("limit", "0"), "limit");
    assertRejected(Map.of("limit", "1001"), "limit");
    assertRejected(Map.of("limit", "ten"), "limit");
    assertRejected(Map.of("before_id", "-3"), "before_id");
    assertRejected(Map.of("since", "yesterday"), "since");
    assertRejected(Map.of("severity", "severe"), "severity");
    assertRejected(Map.of("min_severity", "x"), "min_severity");
    assertRejected(Map.of("src_ip", "example.com"), "src_ip");
    assertRejected(Map.of("dst_ip", "1.2.3"), "dst_ip");
  }

  static Map<String, Object> result() {
    Map<String, Object> json = new HashMap<>(Map.of("src_ip", "10.0.0.5", "dst_ip", "10.0.0.6", "protocol", "TCP",
        "score", 0.8));
    return json;
  }

  @Test
  @DisplayName("an external result: severity derived from the score when absent, stream id generated")
  void externalResult() {
    Anomaly a = ExternalResult.validate(result(), new PacketValidator(), 123L);
    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(a.streamId()).startsWith("ext-");
    assertThat(a.receivedAtMillis()).isEqualTo(123L);
    Map<String, Object> given = result();
    given.putAll(Map.of("severity", "low", "reasons", List.of("ml_model"), "stream_id", "1-2",
        "received_at", "2026-01-01T00:00:00Z", "entropy", 3.5));
    Anomaly b = ExternalResult.validate(given, new PacketValidator(), 0);
    assertThat(b.severity()).isEqualTo(Severity.LOW);
    assertThat(b.reasons()).containsExactly("ml_model");
    assertThat(b.streamId()).isEqualTo("1-2");
    assertThat(b.entropy()).isEqualTo(3.5);
  }

  @Test
  @DisplayName("an external result with a bad field names it")
  void externalResultInvalid() {
    Map<String, Object[]> cases = Map.of(
        "score", new Object[] {null, 1.5, -0.1, "high", Double.NaN},
        "severity", new Object[] {"severe", 3},
        "reasons", new Object[] {"ml", List.of("has space"), List.of(1)},
        "stream_id", new Object[] {"a'b", "", 7},
        "received_at", new Object[] {"yesterday", -5},
        "entropy", new Object[] {9, "x"});
    cases.forEach((field, values) -> {
      for (Object value : values) {
        Map<String, Object> json = result();
        json.put(field, value);
        assertThatThrownBy(() -> ExternalResult.validate(json, new PacketValidator(), 0))
            .as("%s = %s", field, value)
            .isInstanceOfSatisfying(InvalidPacketException.class, e -> assertThat(e.field()).isEqualTo(field));
      }
    });
  }
}
