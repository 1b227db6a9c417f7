package io.netwatch.model;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("CaptureFields: ts (capture time) and sensor")
class CaptureFieldsTest {
  /** 2026-12-03T19:00:00Z, the clock of these tests. */
  static final long NOW_MS = 1_796_324_400_000L;
  final PacketValidator strict = new PacketValidator(64, 300, () -> NOW_MS);

  static Map<String, Object> packetWith(String field, Object value) {
    Map<String, Object> json = new java.util.HashMap<>(Map.of("src_ip", "10.0.0.5", "dst_ip", "10.0.0.6",
        "protocol", "TCP"));
    json.put(field, value);
    return json;
  }

  void assertRefused(String field, Object value, String message) {
    assertThatThrownBy(() -> strict.validate(packetWith(field, value)))
        .as("%s = %s", field, value)
        .isInstanceOfSatisfying(InvalidPacketException.class, e -> {
          assertThat(e.field()).isEqualTo(field);
          assertThat(e.getMessage()).startsWith(field).contains(message);
        });
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "2026-12-03T18:59:59.123456Z      | 1796324399123456",
      "2026-12-03t18:59:59.123456z      | 1796324399123456",
      "2026-12-03 18:59:59.123456Z      | 1796324399123456",
      "2026-12-03T19:59:59.5+01:00      | 1796324399500000",
      "2026-12-03T18:59:59.123456789Z   | 1796324399123456",
      "2000-01-01T00:00:00Z             | 946684800000000",
      "2026-12-03T19:05:00Z             | 1796324700000000"})
  @DisplayName("RFC 3339 text is read to the microsecond (finer digits dropped), any offset, T or t or space, Z or z")
  void rfc3339(String text, long micros) {
    assertThat(strict.validate(packetWith("ts", text)).capturedAtMicros()).isEqualTo(micros);
  }

  @Test
  @DisplayName("a number is epoch microseconds: an int, a long, or a double holding a whole number")
  void numbers() {
    assertThat(strict.validate(packetWith("ts", 1_796_324_399_123_456L)).capturedAtMicros()).isEqualTo(1_796_324_399_123_456L);
    assertThat(strict.validate(packetWith("ts", 1.796324399e15)).capturedAtMicros()).isEqualTo(1_796_324_399_000_000L);
    assertThat(strict.validate(packetWith("ts", 1_796_324_399_123_456L)).capturedAtMillis()).isEqualTo(1_796_324_399_123L);
    assertThat(strict.validate(packetWith("ts", null)).capturedAtMicros()).as("null: not sent").isNull();
  }

  @Test
  @DisplayName("ts more than MAX_CLOCK_SKEW_S ahead of the clock, before 2000, or of another form: 400 naming ts")
  void refusedTimes() {
    assertRefused("ts", NOW_MS * 1000 + 300_000_001L, "more than 300 s ahead");
    assertRefused("ts", "2026-12-03T19:05:00.000001Z", "more than 300 s ahead");
    assertRefused("ts", 946_684_799_999_999L, "before 2000-01-01");
    assertRefused("ts", 1_796_324_399L, "before 2000-01-01"); // seconds, not microseconds
    assertRefused("ts", 1_796_324_399_123L, "before 2000-01-01"); // milliseconds
    assertRefused("ts", -1, "before 2000-01-01");
    assertRefused("ts", "1999-12-31T23:59:59Z", "before 2000-01-01");
    assertRefused("ts", 1.7963243991234565e15, "epoch microseconds");
    assertRefused("ts", Double.NaN, "epoch microseconds");
    assertRefused("ts", new BigInteger("100000000000000000000000"), "epoch microseconds");
    assertRefused("ts", "2026-12-03T18:59:59", "RFC 3339"); // no offset
    assertRefused("ts", "2026-12-03", "RFC 3339");
    assertRefused("ts", "yesterday at noon, more or less", "RFC 3339");
    assertRefused("ts", "2026-13-03T18:59:59Z", "RFC 3339");
    assertRefused("ts", true, "RFC 3339");
    assertRefused("ts", Map.of(), "RFC 3339");
  }

  @Test
  @DisplayName("a validator for packets already accepted (the scorer's) checks no skew: its clock is not ingest's")
  void noSkewBound() {
    long farAhead = NOW_MS * 1000 + 86_400_000_000L * 365;
    assertThat(new PacketValidator(64).validate(packetWith("ts", farAhead)).capturedAtMicros()).isEqualTo(farAhead);
    assertThat(new PacketValidator(64, -1, () -> NOW_MS).validate(packetWith("ts", farAhead)).capturedAtMicros())
        .isEqualTo(farAhead);
  }

  @ParameterizedTest
  @ValueSource(strings = {"s", "tap-eth0.dc1", "capteur é 🛰", "a sensor name with spaces and punctuation !#$%&()*+",
      "0123456789012345678901234567890123456789012345678901234567890123"})
  @DisplayName("sensor: 1 to 64 printable characters (counted as code points)")
  void sensorNames(String name) {
    assertThat(strict.validate(packetWith("sensor", name)).sensor()).isEqualTo(name);
  }

  @Test
  @DisplayName("sensor empty, blank, too long, with a control or format character, or not a string: 400 naming sensor")
  void refusedSensors() {
    assertRefused("sensor", "", "1 to 64 printable");
    assertRefused("sensor", "   ", "1 to 64 printable");
    assertRefused("sensor", "x".repeat(65), "1 to 64 printable");
    assertRefused("sensor", "tap\n1", "no control characters");
    assertRefused("sensor", "tap\u0000", "no control characters");
    assertRefused("sensor", "tap\u200e", "no control characters"); // left-to-right mark
    assertRefused("sensor", "tap\ud800", "no control characters"); // a lone surrogate
    assertRefused("sensor", 42, "must be a string");
  }

  @Test
  @DisplayName("packets without ts or sensor have neither, and equal the packets of before")
  void absent() {
    Packet p = strict.validate(packetWith("ttl", 64));
    assertThat(p.capturedAtMicros()).isNull();
    assertThat(p.sensor()).isNull();
    assertThat(p).isEqualTo(new Packet("10.0.0.5", "10.0.0.6", "TCP", 0, 0, 0, 64, 0, "", 0.0));
  }
}
