package io.netwatch.model;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("PacketValidator: every field of the ingest contract")
class PacketValidatorTest {
  final PacketValidator validator = new PacketValidator(64);

  static Map<String, Object> seed() {
    Map<String, Object> json = new HashMap<>();
    json.put("src_ip", "10.0.0.5");
    json.put("dst_ip", "192.168.1.10");
    json.put("protocol", "TCP");
    json.put("src_port", 51234);
    json.put("dst_port", 4444);
    json.put("payload_len", 512);
    json.put("ttl", 64);
    json.put("tcp_flags", 2);
    json.put("payload_hex", "deadbeef");
    json.put("pkt_rate", 15000);
    return json;
  }

  static Map<String, Object> seedWith(String field, Object value) {
    Map<String, Object> json = seed();
    json.put(field, value);
    return json;
  }

  void assertRejected(String field, Object value) {
    assertThatThrownBy(() -> validator.validate(seedWith(field, value)))
        .as("%s = %s", field, value)
        .isInstanceOfSatisfying(InvalidPacketException.class, e -> {
          assertThat(e.field()).isEqualTo(field);
          assertThat(e.getMessage()).contains(field);
        });
  }

  @Test
  @DisplayName("the seed packet is valid and keeps every value")
  void validPacket() {
    Packet p = validator.validate(seed());
    assertThat(p).isEqualTo(new Packet("10.0.0.5", "192.168.1.10", "TCP", 51234, 4444, 512, 64, 2, "deadbeef", 15000.0));
  }

  @Test
  @DisplayName("only src_ip, dst_ip and protocol are required; the rest default to 0 or empty, a ttl not sent to null")
  void defaults() {
    Map<String, Object> json = new HashMap<>(Map.of("src_ip", "1.2.3.4", "dst_ip", "::1", "protocol", "UDP"));
    json.put("ttl", null);
    Packet p = validator.validate(json);
    assertThat(p).isEqualTo(new Packet("1.2.3.4", "0:0:0:0:0:0:0:1", "UDP", 0, 0, 0, null, 0, "", 0.0));
    json.remove("ttl");
    assertThat(validator.validate(json).ttl()).as("absent").isNull();
    json.put("ttl", 0);
    assertThat(validator.validate(json).ttl()).as("sent as 0").isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"src_ip", "dst_ip", "protocol"})
  @DisplayName("a required field that is missing or null is named")
  void required(String field) {
    Map<String, Object> json = seed();
    json.remove(field);
    assertThatThrownBy(() -> validator.validate(json)).isInstanceOfSatisfying(InvalidPacketException.class,
        e -> assertThat(e.field()).isEqualTo(field));
    assertRejected(field, null);
    assertRejected(field, 42);
    assertRejected(field, List.of("10.0.0.1"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.5", "0.0.0.0", "255.255.255.255", "::1", "2001:db8::1", "fe80::1", "::"})
  @DisplayName("IPv4 and IPv6 literals are accepted")
  void ipLiterals(String ip) {
    assertThat(validator.validate(seedWith("src_ip", ip)).srcIp()).isNotBlank();
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "example.com", "256.1.1.1", "1.2.3", "1.2.3.4.5", "fe80::1%eth0", "[::1]",
      "", " ", "1.2.3.4 ", "::g", "1.2.3.-4", "0x7f.0.0.1"})
  @DisplayName("host names and malformed addresses are refused, never resolved")
  void badIps(String ip) {
    assertRejected("dst_ip", ip);
  }

  @Test
  @DisplayName("IPv6 comes back in one canonical form")
  void ipv6Normalised() {
    assertThat(validator.validate(seedWith("src_ip", "2001:0db8:0000::1")).srcIp()).isEqualTo("2001:db8:0:0:0:0:0:1");
    assertThat(validator.validate(seedWith("src_ip", "2001:DB8::1")).srcIp()).isEqualTo("2001:db8:0:0:0:0:0:1");
  }

  @Test
  @DisplayName("protocol: 1..32 printable characters; markup is just text")
  void protocol() {
    assertThat(validator.validate(seedWith("protocol", "<img src=x onerror=alert(1)>")).protocol())
        .isEqualTo("<img src=x onerror=alert(1)>");
    assertRejected("protocol", "");
    assertRejected("protocol", "   ");
    assertRejected("protocol", "x".repeat(33));
    assertRejected("protocol", "TCP\u0000");
    assertRejected("protocol", "TC\nP");
  }

  @ParameterizedTest
  @ValueSource(strings = {"src_port", "dst_port"})
  @DisplayName("ports: whole numbers 0..65535")
  void ports(String field) {
    assertThat(validator.validate(seedWith(field, 0))).isNotNull();
    assertThat(validator.validate(seedWith(field, 65535))).isNotNull();
    assertThat(validator.validate(seedWith(field, 80.0)).dstPort()).isIn(80, 4444);
    for (Object bad : List.of(-1, 65536, 1.5, "80", true, Double.NaN, Double.POSITIVE_INFINITY, 1e300,
        BigInteger.TWO.pow(80), new BigDecimal("1e400"), Long.MAX_VALUE, List.of(1), Map.of())) {
      assertRejected(field, bad);
    }
  }

  @Test
  @DisplayName("ttl and tcp_flags: 0..255; payload_len: 0 and up")
  void ranges() {
    for (String field : List.of("ttl", "tcp_flags")) {
      assertThat(validator.validate(seedWith(field, 255))).isNotNull();
      assertRejected(field, 256);
      assertRejected(field, -1);
    }
    assertThat(validator.validate(seedWith("payload_len", Integer.MAX_VALUE)).payloadLen()).isEqualTo(Integer.MAX_VALUE);
    assertThat(validator.validate(seedWith("payload_len", 3L)).payloadLen()).isEqualTo(3);
    assertRejected("payload_len", -1);
    assertRejected("payload_len", 1L + Integer.MAX_VALUE);
  }

  @Test
  @DisplayName("payload_hex: even number of hex digits, bounded")
  void payloadHex() {
    assertThat(validator.validate(seedWith("payload_hex", "DEADbeef")).payloadHex()).isEqualTo("DEADbeef");
    assertThat(validator.validate(seedWith("payload_hex", "")).payloadHex()).isEmpty();
    assertThat(validator.validate(seedWith("payload_hex", "ab".repeat(32))).payloadHex()).hasSize(64);
    assertRejected("payload_hex", "abc");
    assertRejected("payload_hex", "zz");
    assertRejected("payload_hex", "0g");
    assertRejected("payload_hex", "\u0661\u0662");
    assertRejected("payload_hex", "ab".repeat(33));
    assertRejected("payload_hex", 1234);
  }

  @Test
  @DisplayName("pkt_rate: finite and not negative")
  void pktRate() {
    assertThat(validator.validate(seedWith("pkt_rate", 0)).pktRate()).isEqualTo(0.0);
    assertThat(validator.validate(seedWith("pkt_rate", 1e6)).pktRate()).isEqualTo(1e6);
    assertThat(validator.validate(seedWith("pkt_rate", 12.5)).pktRate()).isEqualTo(12.5);
    for (Object bad : List.of(-0.1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, "fast",
        new BigDecimal("1e400"))) {
      assertRejected("pkt_rate", bad);
    }
  }

  @Test
  @DisplayName("unknown fields are ignored")
  void unknownFields() {
    assertThat(validator.validate(seedWith("sensor_id", "s-17")).srcIp()).isEqualTo("10.0.0.5");
  }
}
