package io.netwatch.capture;

import io.netty.util.NetUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every field the sensor reads from each fixture, against what {@code tshark -T fields} read from the same
 * file (expected/*.tsv, made by expected-values.sh with the tshark named in expected/TSHARK_VERSION).
 */
class TsharkAgreementTest {
  static List<String> fixtures() {
    return Fixtures.READABLE;
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void everyFieldAgreesWithTshark(String fixture) throws IOException {
    List<Map<String, String>> rows = expected(fixture);
    List<Telemetry> packets = Fixtures.decode(fixture);
    assertThat(packets).as("one telemetry per frame").hasSameSizeAs(rows);
    for (int i = 0; i < rows.size(); i++) {
      Map<String, String> row = rows.get(i);
      Telemetry t = packets.get(i);
      String frame = fixture + " frame " + (i + 1);
      boolean v4 = !row.get("ip.src").isEmpty();
      if (!v4 && row.get("ipv6.src").isEmpty()) {
        assertThat(t).as(frame + " carries no IP").isNull();
        continue;
      }
      assertThat(t).as(frame).isNotNull();
      assertThat(t.tsMicros()).as(frame + " ts").isEqualTo(micros(row.get("frame.time_epoch")));
      assertThat(bytes(t.srcIp())).as(frame + " src_ip").isEqualTo(bytes(row.get(v4 ? "ip.src" : "ipv6.src")));
      assertThat(bytes(t.dstIp())).as(frame + " dst_ip").isEqualTo(bytes(row.get(v4 ? "ip.dst" : "ipv6.dst")));
      assertThat(t.ttl()).as(frame + " ttl").isEqualTo(number(row.get(v4 ? "ip.ttl" : "ipv6.hlim")));
      boolean fragmented = !row.get("ipv6.fraghdr.nxt").isEmpty();
      int protocol = number(v4 ? row.get("ip.proto") : fragmented ? row.get("ipv6.fraghdr.nxt") : row.get("ipv6.nxt"));
      assertThat(t.protocol()).as(frame + " protocol").isEqualTo(PacketDecoder.protocolName(protocol, !v4));
      boolean laterFragment = number(row.get(v4 ? "ip.frag_offset" : "ipv6.fraghdr.offset")) != 0;
      boolean firstOfFragments = !laterFragment && ("1".equals(row.get("ip.flags.mf")) || "1".equals(row.get("ipv6.fraghdr.more"))
          || "True".equals(row.get("ip.flags.mf")) || "True".equals(row.get("ipv6.fraghdr.more")));
      String transport = protocol == 6 ? "tcp" : protocol == 17 ? "udp" : null;
      if (transport != null && !laterFragment && !row.get(transport + ".srcport").isEmpty()) {
        assertThat(t.srcPort()).as(frame + " src_port").isEqualTo(number(row.get(transport + ".srcport")));
        assertThat(t.dstPort()).as(frame + " dst_port").isEqualTo(number(row.get(transport + ".dstport")));
      } else if (!firstOfFragments) {
        // tshark leaves a first fragment undissected; the decoder tests cover its ports.
        assertThat(List.of(t.srcPort(), t.dstPort())).as(frame + " ports").containsExactly(0, 0);
      }
      int flags = protocol == 6 && !row.get("tcp.flags").isEmpty() ? Integer.decode(row.get("tcp.flags")) & 0xff : 0;
      if (!firstOfFragments) assertThat(t.tcpFlags()).as(frame + " tcp_flags").isEqualTo(flags);
      assertThat(t.payloadLen()).as(frame + " payload_len")
          .isEqualTo(payloadLength(row, v4, protocol, laterFragment, fragmented));
      String payload = transport == null ? "" : row.get(transport + ".payload").replace(":", "");
      if (!payload.isEmpty()) {
        assertThat(t.payloadHex()).as(frame + " payload_hex").isEqualTo(payload.substring(0, Math.min(128, payload.length())));
      }
    }
  }

  /** The transport payload's length on the wire, from tshark's IP and transport header fields. */
  private static int payloadLength(Map<String, String> row, boolean v4, int protocol, boolean laterFragment,
      boolean fragmented) {
    if (protocol == 6 && !row.get("tcp.len").isEmpty()) return number(row.get("tcp.len"));
    int ipPayload = v4 ? number(row.get("ip.len")) - number(row.get("ip.hdr_len"))
        : number(row.get("ipv6.plen")) - (fragmented ? 8 : 0);
    int header = 0;
    if (!laterFragment) {
      if (protocol == 6) header = row.get("tcp.hdr_len").isEmpty() ? 20 : number(row.get("tcp.hdr_len"));
      if (protocol == 17 || protocol == 1 || protocol == 58) header = 8;
    }
    return Math.max(0, ipPayload - header);
  }

  static List<Map<String, String>> expected(String fixture) throws IOException {
    try (InputStream in = Fixtures.open("expected/" + fixture + ".tsv")) {
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      String[] header = lines.get(0).split("\t", -1);
      return lines.subList(1, lines.size()).stream().map(line -> {
        String[] cells = line.split("\t", -1);
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < header.length; i++) row.put(header[i], i < cells.length ? cells[i] : "");
        return row;
      }).toList();
    }
  }

  private static long micros(String epoch) {
    String[] parts = epoch.split("\\.");
    String fraction = (parts.length > 1 ? parts[1] : "") + "000000";
    return Long.parseLong(parts[0]) * 1_000_000 + Long.parseLong(fraction.substring(0, 6));
  }

  private static int number(String text) {
    return text == null || text.isEmpty() ? 0 : Integer.decode(text);
  }

  private static byte[] bytes(String address) {
    return NetUtil.createByteArrayFromIpAddressString(address);
  }
}
