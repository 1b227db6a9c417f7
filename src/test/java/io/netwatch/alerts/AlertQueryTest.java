package io.netwatch.alerts;

import io.netwatch.model.InvalidPacketException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("GET /api/v1/alerts parameters: parsed before any SQL, a bad one named")
class AlertQueryTest {
  static AlertQuery parse(Map<String, String> params) {
    return AlertQuery.parse(params::get);
  }

  static void assertRejected(String field, String value) {
    assertThatThrownBy(() -> parse(Map.of(field, value))).isInstanceOfSatisfying(InvalidPacketException.class,
        e -> assertThat(e.field()).as(e.getMessage()).isEqualTo(field));
  }

  @Test
  @DisplayName("defaults: no filter, 100 rows")
  void defaults() {
    AlertQuery q = parse(Map.of());
    assertThat(q).isEqualTo(new AlertQuery(null, java.util.List.of(), null, null, null, null, 100, null));
    assertThat(parse(Map.of("state", " ", "limit", "", "acknowledged", "")).limit()).isEqualTo(100);
  }

  @Test
  @DisplayName("every filter, any case where it is a word")
  void everyFilter() {
    AlertQuery q = parse(Map.of("state", "Engaged", "min_severity", "HIGH", "detector", "port_scan",
        "src_ip", "2001:0db8::0001", "since", "2026-01-31T12:00:00Z", "before_id", "42", "limit", "500",
        "acknowledged", "false"));
    assertThat(q.state()).isEqualTo("engaged");
    assertThat(q.severities()).containsExactly("high", "critical");
    assertThat(q.detector()).isEqualTo("port_scan");
    assertThat(q.srcIp()).isEqualTo("2001:db8:0:0:0:0:0:1");
    assertThat(q.since()).isEqualTo(OffsetDateTime.parse("2026-01-31T12:00:00Z"));
    assertThat(q.beforeId()).isEqualTo(42L);
    assertThat(q.limit()).isEqualTo(500);
    assertThat(q.acknowledged()).isFalse();
    assertThat(parse(Map.of("acknowledged", "TRUE")).acknowledged()).isTrue();
    assertThat(parse(Map.of("since", "1700000000000")).since()).isEqualTo(OffsetDateTime.parse("2023-11-14T22:13:20Z"));
    assertThat(parse(Map.of("since", "9999-12-31T23:59:59Z")).since()).isNotNull();
    assertThat(parse(Map.of("min_severity", "low")).severities()).containsExactly("low", "medium", "high", "critical");
    assertThat(parse(Map.of("state", "released")).state()).isEqualTo("released");
    for (String d : Detectors.ALERT_DETECTORS) assertThat(parse(Map.of("detector", d)).detector()).isEqualTo(d);
  }

  @Test
  @DisplayName("bad values name their parameter")
  void rejected() {
    assertRejected("state", "open");
    assertRejected("min_severity", "severe");
    assertRejected("detector", "portscan");
    assertRejected("detector", "suspicious_port");
    assertRejected("src_ip", "example.com");
    assertRejected("src_ip", "10.0.0.0/8");
    assertRejected("since", "yesterday");
    assertRejected("since", "+100000-01-01T00:00:00Z");
    assertRejected("since", "-0001-01-01T00:00:00Z");
    assertRejected("since", "9223372036854775807");
    assertRejected("before_id", "0");
    assertRejected("before_id", "abc");
    assertRejected("before_id", "99999999999999999999");
    assertRejected("limit", "0");
    assertRejected("limit", "501");
    assertRejected("limit", "many");
    assertRejected("acknowledged", "yes");
  }
}
