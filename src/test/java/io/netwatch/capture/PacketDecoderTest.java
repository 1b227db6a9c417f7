package io.netwatch.capture;

import org.junit.jupiter.api.Test;

import static io.netwatch.capture.Packets.bytes;
import static io.netwatch.capture.Packets.concat;
import static io.netwatch.capture.Packets.cut;
import static io.netwatch.capture.Packets.ethernet;
import static io.netwatch.capture.Packets.frame;
import static io.netwatch.capture.Packets.ipv4;
import static io.netwatch.capture.Packets.ipv6;
import static io.netwatch.capture.Packets.payload;
import static io.netwatch.capture.Packets.tcp;
import static io.netwatch.capture.Packets.udp;
import static org.assertj.core.api.Assertions.assertThat;

class PacketDecoderTest {
  private final PacketDecoder decoder = new PacketDecoder(4, new SourceRates(16));
  private static final byte[] SYN_TO_80 = concat(ipv4(6, 64, 20 + 6), tcp(40_000, 80, 0x02), payload(6));

  @Test
  void ethernetTcpGivesEveryField() {
    Telemetry t = decoder.decode(frame(1, concat(ethernet(0x0800), SYN_TO_80)));
    assertThat(t).isEqualTo(new Telemetry("10.0.0.1", "10.0.0.2", "TCP", 40_000, 80, 6, 64, 2, "a0a1a2a3", 0,
        1_700_000_000_000_000L));
  }

  @Test
  void vlanAndQinqTagsAreWalked() {
    Telemetry vlan = decoder.decode(frame(1, concat(ethernet(0x8100, 0x0064, 0x0800), SYN_TO_80)));
    Telemetry qinq = decoder.decode(frame(1, concat(ethernet(0x88a8, 0x0010, 0x8100, 0x0064, 0x0800), SYN_TO_80)));
    assertThat(vlan.dstPort()).isEqualTo(80);
    assertThat(qinq).isEqualTo(vlan.withRate(qinq.pktRate()));
  }

  @Test
  void everyLinkTypeFindsTheSameIpPacket() {
    Telemetry expected = decoder.decode(frame(101, SYN_TO_80));
    byte[] sll = concat(bytes(0, 0, 0, 1, 0, 6, 0, 1, 2, 3, 4, 5, 0, 0), bytes(0x08, 0x00), SYN_TO_80);
    byte[] sll2 = concat(bytes(0x08, 0x00, 0, 0, 0, 0, 0, 1, 0, 1, 0, 6, 0, 1, 2, 3, 4, 5, 0, 0), SYN_TO_80);
    byte[] nullLittle = concat(bytes(2, 0, 0, 0), SYN_TO_80);
    byte[] loopBig = concat(bytes(0, 0, 0, 2), SYN_TO_80);
    for (Frame f : new Frame[] {frame(113, sll), frame(276, sll2), frame(0, nullLittle), frame(108, loopBig),
        frame(228, SYN_TO_80)}) {
      Telemetry t = decoder.decode(f);
      assertThat(t).as("link type %d", f.linkType()).isEqualTo(expected.withRate(t.pktRate()));
    }
  }

  @Test
  void framesWithoutIpGiveNothing() {
    assertThat(decoder.decode(frame(1, concat(ethernet(0x0806), new byte[28])))).isNull();
    assertThat(decoder.decode(frame(1, bytes(1, 2, 3)))).isNull();
    assertThat(decoder.decode(cut(101, SYN_TO_80, 19))).isNull();
  }

  @Test
  void ipv4OptionsAreSkippedAndOnlyTheFirstFragmentHasPorts() {
    byte[] options = bytes(0x07, 0x07, 0x04, 0, 0, 0, 0, 0); // record route, padded
    byte[] first = concat(ipv4(17, 64, 0x2000, 8 + 1472, options, new int[] {1, 2, 3, 4}, new int[] {5, 6, 7, 8}),
        udp(5353, 53, 2000), payload(16));
    Telemetry t = decoder.decode(cut(101, first, first.length));
    assertThat(t.srcPort()).isEqualTo(5353);
    assertThat(t.dstPort()).isEqualTo(53);
    assertThat(t.payloadLen()).isEqualTo(1472);
    byte[] later = concat(ipv4(17, 64, 185, 528, new byte[0], new int[] {1, 2, 3, 4}, new int[] {5, 6, 7, 8}), payload(8));
    Telemetry rest = decoder.decode(new Frame(101, 0, 548, later, 0, later.length));
    assertThat(rest.protocol()).isEqualTo("UDP");
    assertThat(rest.srcPort()).isZero();
    assertThat(rest.dstPort()).isZero();
    assertThat(rest.payloadLen()).isEqualTo(528);
    assertThat(rest.payloadHex()).isEqualTo("a0a1a2a3");
  }

  @Test
  void ipv6ExtensionHeadersAreWalkedToTheTransportHeader() {
    byte[] hopByHop = bytes(60, 0, 1, 4, 0, 0, 0, 0);
    byte[] destination = bytes(44, 1, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    byte[] fragmentFirst = bytes(6, 0, 0, 0x01, 0, 0, 0, 9);
    byte[] segment = concat(tcp(1234, 443, 0x18), payload(5));
    byte[] packet = concat(ipv6(0, 255, 8 + 16 + 8 + segment.length), hopByHop, destination, fragmentFirst, segment);
    Telemetry t = decoder.decode(frame(229, packet));
    assertThat(t).isEqualTo(new Telemetry("::1", "::2", "TCP", 1234, 443, 5, 255, 0x18, "a0a1a2a3", 0,
        1_700_000_000_000_000L));

    byte[] fragmentLater = bytes(17, 0, 0x05, 0x01, 0, 0, 0, 9);
    Telemetry later = decoder.decode(frame(229, concat(ipv6(44, 64, 8 + 100), fragmentLater, payload(100))));
    assertThat(later.protocol()).isEqualTo("UDP");
    assertThat(later.srcPort()).isZero();
    assertThat(later.payloadLen()).isEqualTo(100);
  }

  @Test
  void icmpIcmpv6AndOtherProtocols() {
    byte[] echo = concat(ipv4(1, 64, 8 + 56), bytes(8, 0, 0, 0, 0, 1, 0, 1), payload(56));
    assertThat(decoder.decode(frame(101, echo))).extracting(Telemetry::protocol, Telemetry::payloadLen, Telemetry::srcPort)
        .containsExactly("ICMP", 56, 0);
    byte[] v6echo = concat(ipv6(58, 64, 8 + 10), bytes(128, 0, 0, 0, 0, 1, 0, 1), payload(10));
    assertThat(decoder.decode(frame(229, v6echo)).protocol()).isEqualTo("ICMPv6");
    byte[] gre = concat(ipv4(47, 64, 24), payload(24));
    assertThat(decoder.decode(frame(101, gre))).extracting(Telemetry::protocol, Telemetry::payloadLen)
        .containsExactly("GRE", 24);
    byte[] unknown = concat(ipv4(253, 64, 3), payload(3));
    assertThat(decoder.decode(frame(101, unknown)).protocol()).isEqualTo("253");
  }

  @Test
  void aPacketCutByTheSnapLengthYieldsWhatItsHeadersHold() {
    byte[] whole = concat(ethernet(0x0800), ipv4(6, 64, 20 + 1000), tcp(5555, 22, 0x10), payload(1000));
    Telemetry portsOnly = decoder.decode(cut(1, whole, 14 + 20 + 6));
    assertThat(portsOnly).extracting(Telemetry::srcPort, Telemetry::dstPort, Telemetry::tcpFlags, Telemetry::payloadLen,
        Telemetry::payloadHex).containsExactly(5555, 22, 0, 1000, "");
    Telemetry headers = decoder.decode(cut(1, whole, 14 + 20 + 20 + 2));
    assertThat(headers).extracting(Telemetry::tcpFlags, Telemetry::payloadLen, Telemetry::payloadHex)
        .containsExactly(0x10, 1000, "a0a1");
  }

  @Test
  void ethernetPaddingIsNotPayload() {
    byte[] padded = concat(ethernet(0x0800), ipv4(6, 64, 20), tcp(1, 2, 0x04), new byte[6]);
    Telemetry t = decoder.decode(frame(1, padded));
    assertThat(t.payloadLen()).isZero();
    assertThat(t.payloadHex()).isEmpty();
  }

  @Test
  void framesWithoutTimeTakeTheLastKnownForTheirSourceRate() {
    PacketDecoder withRates = new PacketDecoder(0, new SourceRates(4));
    withRates.decode(frame(101, SYN_TO_80));
    Telemetry untimed = withRates.decode(new Frame(101, Frame.NO_TIME, SYN_TO_80.length, SYN_TO_80, 0, SYN_TO_80.length));
    assertThat(untimed.tsMicros()).isEqualTo(Frame.NO_TIME);
    assertThat(untimed.pktRate()).isEqualTo(1);
  }
}
