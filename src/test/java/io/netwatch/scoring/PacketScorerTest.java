package io.netwatch.scoring;

import io.netwatch.model.Anomaly;
import io.netwatch.model.Packet;
import io.netwatch.model.Severity;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("PacketScorer: the scoring table, exactly")
class PacketScorerTest {
  /** A packet on which nothing fires: UDP to port 53, TTL 64, small payload, low rate. */
  static Packet quiet() {
    return new Packet("10.0.0.1", "10.0.0.2", "UDP", 40000, 53, 100, 64, 0, "00", 10);
  }

  static Packet with(String protocol, int dstPort, int payloadLen, int ttl, int flags, String hex, double rate) {
    return new Packet("10.0.0.1", "10.0.0.2", protocol, 40000, dstPort, payloadLen, ttl, flags, hex, rate);
  }

  static final PacketScorer scorer = new PacketScorer(ScoringRules.defaults());

  static Anomaly score(Packet p) {
    return scorer.score("1-0", p, 1_000L);
  }

  /** Every byte value once: exactly 8 bits per byte. */
  static String allBytes() {
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < 256; i++) hex.append(String.format("%02x", i));
    return hex.toString();
  }

  @Test
  @DisplayName("a ttl the sensor did not send never fires abnormal_ttl; a ttl sent as 0 does")
  void ttlNotSent() {
    Packet notSent = new Packet("10.0.0.1", "10.0.0.2", "UDP", 40000, 53, 100, null, 0, "00", 10);
    assertThat(score(notSent).reasons()).isEmpty();
    assertThat(score(notSent).score()).isZero();
    assertThat(score(with("UDP", 53, 100, 0, 0, "00", 10)).reasons()).containsExactly("abnormal_ttl");
  }

  @Test
  @DisplayName("nothing fires on a quiet packet: 0, low, no reasons")
  void quietPacket() {
    Anomaly a = score(quiet());
    assertThat(a.score()).isEqualTo(0.0);
    assertThat(a.severity()).isEqualTo(Severity.LOW);
    assertThat(a.reasons()).isEmpty();
    assertThat(a.streamId()).isEqualTo("1-0");
    assertThat(a.receivedAtMillis()).isEqualTo(1_000L);
  }

  @ParameterizedTest(name = "{0} alone scores {1}")
  @CsvSource({
      "suspicious_port, 0.3",
      "syn_only, 0.25",
      "high_entropy, 0.2",
      "high_rate, 0.2",
      "abnormal_ttl, 0.15",
      "oversized_payload, 0.1"})
  @DisplayName("each signal alone adds exactly its weight")
  void eachSignalAlone(String signal, double expected) {
    Packet p = switch (signal) {
      case "suspicious_port" -> with("UDP", 4444, 100, 64, 0, "00", 10);
      case "syn_only" -> with("TCP", 443, 100, 64, 0x02, "00", 10);
      case "high_entropy" -> with("UDP", 53, 256, 64, 0, allBytes(), 10);
      case "high_rate" -> with("UDP", 53, 100, 64, 0, "00", 10_001);
      case "abnormal_ttl" -> with("UDP", 53, 100, 5, 0, "00", 10);
      case "oversized_payload" -> with("UDP", 53, 65_001, 64, 0, "00", 10);
      default -> throw new IllegalArgumentException(signal);
    };
    Anomaly a = score(p);
    assertThat(a.reasons()).containsExactly(signal);
    assertThat(a.score()).isEqualTo(expected);
  }

  @Test
  @DisplayName("the old design's example: 4444 + SYN + 15000 pkt/s is exactly 0.75, critical")
  void seedExample() {
    Packet seed = new Packet("10.0.0.5", "192.168.1.10", "TCP", 51234, 4444, 512, 64, 2, "deadbeef", 15_000);
    Anomaly a = score(seed);
    assertThat(a.score()).isEqualTo(0.75);
    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(a.reasons()).containsExactly("suspicious_port", "syn_only", "high_rate");
    assertThat(a.entropy()).isEqualTo(2.0);
  }

  @Test
  @DisplayName("all six signals clamp to exactly 1.0")
  void clampsToOne() {
    Anomaly a = score(with("tcp", 31337, 70_000, 255, 0x02, allBytes(), 50_000));
    assertThat(a.reasons()).hasSize(6);
    assertThat(a.score()).isEqualTo(1.0);
    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  @DisplayName("combinations sum exactly: port + ttl = 0.45 (high is not reached), rate + ttl + size = 0.45")
  void combinations() {
    assertThat(score(with("UDP", 6667, 100, 3, 0, "00", 10)).score()).isEqualTo(0.45);
    assertThat(score(with("UDP", 53, 65_500, 255, 0, "00", 20_000)).score()).isEqualTo(0.45);
    Anomaly synAndEntropy = score(with("TCP", 80, 256, 64, 0x02, allBytes(), 10));
    assertThat(synAndEntropy.score()).isEqualTo(0.45);
    assertThat(synAndEntropy.severity()).isEqualTo(Severity.MEDIUM);
    Anomaly portSynTtl = score(with("TCP", 1337, 100, 1, 0x02, "00", 10));
    assertThat(portSynTtl.score()).isEqualTo(0.7);
    assertThat(portSynTtl.severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  @DisplayName("decimal weights sum without floating-point error (0.1 + 0.2 = 0.3)")
  void exactDecimalSums() {
    ScoringRules rules = ScoringRules.fromConfig(Map.of("weights",
        Map.of("suspicious_port", 0.1, "syn_only", 0.2)));
    Anomaly a = new PacketScorer(rules).score("x", with("TCP", 4444, 100, 64, 0x02, "00", 10), 0);
    assertThat(a.score()).isEqualTo(0.3);
    assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
  }

  @ParameterizedTest(name = "flags {0} on {1}: syn_only fires = {2}")
  @CsvSource({
      "2, TCP, true", "2, tcp, true", "34, TCP, true",
      "18, TCP, false", "3, TCP, false", "6, TCP, false", "0, TCP, false", "2, UDP, false"})
  @DisplayName("syn_only: TCP with SYN and none of ACK/FIN/RST")
  void synOnly(int flags, String protocol, boolean fires) {
    assertThat(score(with(protocol, 443, 100, 64, flags, "00", 10)).reasons().contains("syn_only")).isEqualTo(fires);
  }

  @ParameterizedTest(name = "{0} = {1}: fires = {2}")
  @CsvSource({
      "pkt_rate, 10000, false", "pkt_rate, 10000.5, true",
      "ttl, 10, false", "ttl, 9, true", "ttl, 0, true", "ttl, 254, false", "ttl, 255, true",
      "payload_len, 65000, false", "payload_len, 65001, true"})
  @DisplayName("thresholds are strict where the table says so")
  void boundaries(String field, double value, boolean fires) {
    Packet p = switch (field) {
      case "pkt_rate" -> with("UDP", 53, 100, 64, 0, "00", value);
      case "ttl" -> with("UDP", 53, 100, (int) value, 0, "00", 10);
      default -> with("UDP", 53, (int) value, 64, 0, "00", 10);
    };
    assertThat(score(p).score() > 0).isEqualTo(fires);
  }

  @Test
  @DisplayName("entropy just under the threshold does not fire; an empty payload has entropy 0")
  void entropyThreshold() {
    // 128 distinct byte values, each once: exactly 7 bits per byte, under 7.5.
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < 128; i++) hex.append(String.format("%02x", i));
    Anomaly a = score(with("UDP", 53, 128, 64, 0, hex.toString(), 10));
    assertThat(a.entropy()).isEqualTo(7.0);
    assertThat(a.reasons()).doesNotContain("high_entropy");
    assertThat(score(with("UDP", 53, 0, 64, 0, "", 10)).entropy()).isEqualTo(0.0);
  }
}
