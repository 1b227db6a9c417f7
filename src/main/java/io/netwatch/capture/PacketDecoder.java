package io.netwatch.capture;

import java.nio.charset.StandardCharsets;

/**
 * A captured frame to telemetry: link layer, IPv4 (options, fragments: only the first carries the transport
 * header) or IPv6 (extension headers walked to the transport header), then TCP, UDP, ICMP, ICMPv6 or any
 * other protocol (by name or number, ports 0). A frame the snap length cut short yields what its headers
 * hold; lengths come from the IP header, so {@code payload_len} is what the wire carried, not what was
 * captured. Frames without IP (ARP, ...) or too short to hold both addresses give null.
 *
 * <p>{@link #decode(Frame, PacketFields)} fills one reused object and allocates nothing: it runs once per packet.
 */
public final class PacketDecoder {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  /** The protocol names by number, encoded once; 59 differs for IPv6. */
  private static final byte[][] PROTOCOLS = new byte[256][];
  private static final byte[] IPV6_NO_NEXT = "IPv6-NoNxt".getBytes(StandardCharsets.US_ASCII);

  static {
    for (int p = 0; p < 256; p++) PROTOCOLS[p] = protocolName(p, false).getBytes(StandardCharsets.US_ASCII);
  }

  private final int payloadBytes;
  private final SourceRates rates;
  /** The capture time of frames that have none (pcapng simple packet blocks), for their source's rate. */
  private long lastTime;

  public PacketDecoder(int payloadBytes, SourceRates rates) {
    this.payloadBytes = payloadBytes;
    this.rates = rates;
  }

  /** An object for {@link #decode(Frame, PacketFields)} to fill, one per reading thread. */
  PacketFields newFields() {
    return new PacketFields(payloadBytes);
  }

  /** The frame as a telemetry record, or null (see above). */
  public Telemetry decode(Frame frame) {
    PacketFields fields = newFields();
    return decode(frame, fields) ? fields.toTelemetry() : null;
  }

  /** Fills {@code out} with the frame's telemetry; false (and {@code out} undefined) for a frame without IP. */
  boolean decode(Frame frame, PacketFields out) {
    byte[] d = frame.data();
    int end = frame.offset() + frame.capturedLength();
    int ip = LinkLayer.ipOffset(frame.linkType(), d, frame.offset(), frame.capturedLength());
    if (ip < 0 || ip >= end) return false;
    out.tsMicros = frame.tsMicros();
    int version = (d[ip] & 0xff) >> 4;
    if (version == 4) return ipv4(frame, d, ip, end, out);
    if (version == 6) return ipv6(frame, d, ip, end, out);
    return false;
  }

  private boolean ipv4(Frame frame, byte[] d, int ip, int end, PacketFields out) {
    if (end - ip < 20) return false;
    int headerLength = (d[ip] & 0x0f) * 4;
    int totalLength = Bytes.u16(d, ip + 2);
    // A total length of 0 is TCP segmentation offload on the capturing host: the frame's own length says it.
    if (totalLength < headerLength) totalLength = frame.originalLength() - (ip - frame.offset());
    boolean firstFragment = (Bytes.u16(d, ip + 6) & 0x1fff) == 0;
    out.srcIpLength = AddressText.ipv4(d, ip + 12, out.srcIp, 0);
    out.dstIpLength = AddressText.ipv4(d, ip + 16, out.dstIp, 0);
    int protocol = Bytes.u8(d, ip + 9);
    out.protocol = PROTOCOLS[protocol];
    out.pktRate = rate(false, 0, Bytes.int32(d, ip + 12, true) & 0xffff_ffffL, frame.tsMicros());
    int ipEnd = Math.min(end, ip + totalLength);
    transport(out, protocol, Bytes.u8(d, ip + 8), firstFragment, d, ip + headerLength,
        Math.max(0, totalLength - headerLength), ipEnd);
    return true;
  }

  private boolean ipv6(Frame frame, byte[] d, int ip, int end, PacketFields out) {
    if (end - ip < 40) return false;
    int payloadLength = Bytes.u16(d, ip + 4);
    // 0 is a jumbogram (or offload): the frame's own length says it.
    if (payloadLength == 0) payloadLength = Math.max(0, frame.originalLength() - (ip - frame.offset()) - 40);
    out.srcIpLength = AddressText.ipv6(d, ip + 8, out.srcIp, 0);
    out.dstIpLength = AddressText.ipv6(d, ip + 24, out.dstIp, 0);
    out.pktRate = rate(true, Bytes.int64(d, ip + 8), Bytes.int64(d, ip + 16), frame.tsMicros());
    int next = Bytes.u8(d, ip + 6);
    int at = ip + 40;
    int remaining = payloadLength;
    boolean firstFragment = true;
    int ipEnd = Math.min(end, ip + 40 + payloadLength);
    while (isExtensionHeader(next) && firstFragment) {
      if (at + 2 > ipEnd) break; // cut short: the protocol is the last header known
      int length = switch (next) {
        case 44 -> 8;
        case 51 -> (Bytes.u8(d, at + 1) + 2) * 4;
        default -> (Bytes.u8(d, at + 1) + 1) * 8;
      };
      if (next == 44) {
        if (at + 4 > ipEnd) break;
        firstFragment = (Bytes.u16(d, at + 2) >> 3) == 0;
      }
      next = Bytes.u8(d, at);
      at += length;
      remaining = Math.max(0, remaining - length);
    }
    out.protocol = next == 59 ? IPV6_NO_NEXT : PROTOCOLS[next];
    transport(out, next, Bytes.u8(d, ip + 7), firstFragment, d, at, remaining, ipEnd);
    return true;
  }

  private static boolean isExtensionHeader(int next) {
    return next == 0 || next == 43 || next == 44 || next == 51 || next == 60 || next == 135 || next == 139
        || next == 140;
  }

  /**
   * @param at where the transport header starts
   * @param wireLength the transport segment's length on the wire (header and payload)
   * @param ipEnd the end of the captured bytes that belong to the IP packet (no Ethernet padding)
   */
  private void transport(PacketFields out, int protocol, int ttl, boolean firstFragment, byte[] d, int at,
      int wireLength, int ipEnd) {
    int srcPort = 0;
    int dstPort = 0;
    int flags = 0;
    int header = 0;
    if (firstFragment) {
      switch (protocol) {
        case 6 -> {
          if (at + 4 <= ipEnd) {
            srcPort = Bytes.u16(d, at);
            dstPort = Bytes.u16(d, at + 2);
          }
          if (at + 14 <= ipEnd) flags = Bytes.u8(d, at + 13);
          header = at + 13 <= ipEnd ? (Bytes.u8(d, at + 12) >> 4) * 4 : 20;
        }
        case 17, 136 -> {
          if (at + 4 <= ipEnd) {
            srcPort = Bytes.u16(d, at);
            dstPort = Bytes.u16(d, at + 2);
          }
          header = 8;
        }
        case 1, 58 -> header = 8;
        default -> header = 0;
      }
    }
    int payloadLength = Math.max(0, wireLength - header);
    int payloadStart = at + header;
    int hexBytes = Math.max(0, Math.min(Math.min(payloadBytes, payloadLength), ipEnd - payloadStart));
    out.srcPort = srcPort;
    out.dstPort = dstPort;
    out.payloadLen = payloadLength;
    out.ttl = ttl;
    out.tcpFlags = flags;
    out.payloadHexLength = hex(d, payloadStart, hexBytes, out.payloadHex);
  }

  private long rate(boolean ipv6, long high, long low, long tsMicros) {
    if (tsMicros != Frame.NO_TIME) lastTime = tsMicros;
    return rates.observe(ipv6, high, low, lastTime);
  }

  /** The protocol as ingest names it: the usual names, else the IANA number. */
  static String protocolName(int protocol, boolean ipv6) {
    return switch (protocol) {
      case 1 -> "ICMP";
      case 2 -> "IGMP";
      case 6 -> "TCP";
      case 17 -> "UDP";
      case 47 -> "GRE";
      case 50 -> "ESP";
      case 51 -> "AH";
      case 58 -> "ICMPv6";
      case 59 -> ipv6 ? "IPv6-NoNxt" : "59";
      case 89 -> "OSPF";
      case 103 -> "PIM";
      case 112 -> "VRRP";
      case 132 -> "SCTP";
      case 136 -> "UDPLite";
      default -> Integer.toString(protocol);
    };
  }

  /** Returns the number of digits written. */
  private static int hex(byte[] d, int at, int count, byte[] out) {
    for (int i = 0; i < count; i++) {
      int b = d[at + i] & 0xff;
      out[2 * i] = HEX[b >> 4];
      out[2 * i + 1] = HEX[b & 0x0f];
    }
    return 2 * count;
  }
}
