package io.netwatch.model;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PacketValidatorProperties {
  static final List<String> FIELDS = List.of("src_ip", "dst_ip", "protocol", "src_port", "dst_port", "payload_len",
      "ttl", "tcp_flags", "payload_hex", "pkt_rate");
  final PacketValidator validator = new PacketValidator(256);

  @Property(tries = 500)
  void junkOnlyEverRaisesInvalidPacket(@ForAll("junkPackets") Map<String, Object> json) {
    try {
      Packet p = validator.validate(json);
      assertThat(p.srcIp()).isNotBlank();
    } catch (InvalidPacketException e) {
      assertThat(FIELDS).contains(e.field());
      assertThat(e.getMessage()).contains(e.field());
    }
  }

  @Property(tries = 300)
  void validValuesRoundTrip(@ForAll @IntRange(max = 255) int a, @ForAll @IntRange(max = 65535) int srcPort,
                            @ForAll @IntRange(max = 65535) int dstPort, @ForAll @IntRange(max = 255) int ttl,
                            @ForAll @IntRange(max = 255) int flags, @ForAll @IntRange(max = 1_000_000) int len,
                            @ForAll @DoubleRange(max = 1e9) double rate, @ForAll("hex") String hex) {
    Map<String, Object> json = new HashMap<>();
    json.put("src_ip", "10.0.0." + a);
    json.put("dst_ip", "2001:db8::" + Integer.toHexString(a));
    json.put("protocol", "TCP");
    json.put("src_port", srcPort);
    json.put("dst_port", (long) dstPort);
    json.put("payload_len", len);
    json.put("ttl", ttl);
    json.put("tcp_flags", (double) flags);
    json.put("payload_hex", hex);
    json.put("pkt_rate", rate);
    Packet p = validator.validate(json);
    assertThat(p.srcIp()).isEqualTo("10.0.0." + a);
    assertThat(p.srcPort()).isEqualTo(srcPort);
    assertThat(p.dstPort()).isEqualTo(dstPort);
    assertThat(p.ttl()).isEqualTo(ttl);
    assertThat(p.tcpFlags()).isEqualTo(flags);
    assertThat(p.payloadLen()).isEqualTo(len);
    assertThat(p.payloadHex()).isEqualTo(hex);
    assertThat(p.pktRate()).isEqualTo(rate);
  }

  @Provide
  Arbitrary<String> hex() {
    return Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofMaxLength(128).map(s -> s.length() % 2 == 0 ? s : s + "0");
  }

  @Provide
  Arbitrary<Map<String, Object>> junkPackets() {
    Arbitrary<Object> junk = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(60).map(s -> (Object) s),
        Arbitraries.integers().map(i -> (Object) i),
        Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.doubles().map(d -> (Object) d),
        Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 1e308),
        Arbitraries.bigIntegers().between(BigInteger.TWO.pow(70).negate(), BigInteger.TWO.pow(70)).map(b -> (Object) b),
        Arbitraries.of(new BigDecimal("1e400"), new BigDecimal("0.5"), Boolean.TRUE, List.of(1), Map.of("a", 1)),
        Arbitraries.of("10.0.0.1", "::1", "TCP", "deadbeef", "443").map(s -> (Object) s),
        Arbitraries.just(null));
    return Arbitraries.maps(Arbitraries.of(FIELDS), junk).ofMaxSize(10).map(HashMap::new);
  }
}
