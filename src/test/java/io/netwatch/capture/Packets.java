package io.netwatch.capture;

import java.io.ByteArrayOutputStream;

/** Crafts frames byte by byte for the decoder tests (real captures are in src/test/resources/pcap). */
final class Packets {
  private Packets() {
  }

  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
    return b;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    return out.toByteArray();
  }

  /** Ethernet II header with the given EtherType chain (e.g. 0x8100, vlan tag..., 0x0800). */
  static byte[] ethernet(int... typesAndTags) {
    byte[] macs = bytes(0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(macs);
    for (int v : typesAndTags) {
      out.write(v >> 8);
      out.write(v);
    }
    return out.toByteArray();
  }

  /** An IPv4 header: total length covers header, options and {@code payloadLength}. */
  static byte[] ipv4(int protocol, int ttl, int fragmentField, int payloadLength, byte[] options, int[] src, int[] dst) {
    int headerLength = 20 + options.length;
    int total = headerLength + payloadLength;
    byte[] h = concat(bytes(0x40 | headerLength / 4, 0, total >> 8, total, 0x12, 0x34, fragmentField >> 8, fragmentField,
        ttl, protocol, 0, 0, src[0], src[1], src[2], src[3], dst[0], dst[1], dst[2], dst[3]), options);
    return h;
  }

  static byte[] ipv4(int protocol, int ttl, int payloadLength) {
    return ipv4(protocol, ttl, 0, payloadLength, new byte[0], new int[] {10, 0, 0, 1}, new int[] {10, 0, 0, 2});
  }

  /** An IPv6 header from ::1 to ::2. */
  static byte[] ipv6(int next, int hopLimit, int payloadLength) {
    byte[] h = new byte[40];
    h[0] = 0x60;
    h[4] = (byte) (payloadLength >> 8);
    h[5] = (byte) payloadLength;
    h[6] = (byte) next;
    h[7] = (byte) hopLimit;
    h[23] = 1;
    h[39] = 2;
    return h;
  }

  static byte[] tcp(int srcPort, int dstPort, int flags) {
    return bytes(srcPort >> 8, srcPort, dstPort >> 8, dstPort, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, flags, 0xff, 0xff, 0, 0, 0, 0);
  }

  static byte[] udp(int srcPort, int dstPort, int payloadLength) {
    int length = 8 + payloadLength;
    return bytes(srcPort >> 8, srcPort, dstPort >> 8, dstPort, length >> 8, length, 0, 0);
  }

  static byte[] payload(int length) {
    byte[] p = new byte[length];
    for (int i = 0; i < length; i++) p[i] = (byte) (0xa0 + i);
    return p;
  }

  static Frame frame(int linkType, byte[] data) {
    return new Frame(linkType, 1_700_000_000_000_000L, data.length, data, 0, data.length);
  }

  /** The frame as a snap length of {@code snap} bytes would have captured it. */
  static Frame cut(int linkType, byte[] data, int snap) {
    return new Frame(linkType, 1_700_000_000_000_000L, data.length, data, 0, Math.min(snap, data.length));
  }
}
