package io.netwatch.capture;

/**
 * IP addresses as text, written straight into a byte array: IPv4 dotted, IPv6 as RFC 5952 recommends (lower
 * case, leading zeros dropped, the longest run of two or more zero groups, the first of equals, as "::"), the
 * same text netty's NetUtil.bytesToIpAddress gives, without loading netty (its set-up costs the sensor's start).
 */
final class AddressText {
  /** The longest IPv6 text: eight groups of four digits and seven colons. */
  static final int MAX_LENGTH = 39;

  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** Per octet value: its digit count, then its digits (up to three). */
  private static final byte[] OCTETS = new byte[256 * 4];

  static {
    for (int v = 0; v < 256; v++) {
      byte[] digits = Integer.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      OCTETS[4 * v] = (byte) digits.length;
      System.arraycopy(digits, 0, OCTETS, 4 * v + 1, digits.length);
    }
  }

  private AddressText() {
  }

  /** Writes the 4 bytes at {@code at} as a.b.c.d into {@code out} from {@code to}; returns the end. */
  static int ipv4(byte[] d, int at, byte[] out, int to) {
    for (int i = 0; i < 4; i++) {
      if (i > 0) out[to++] = '.';
      to = decimal(d[at + i] & 0xff, out, to);
    }
    return to;
  }

  /** Writes the 16 bytes at {@code at} as IPv6 text into {@code out} from {@code to}; returns the end. */
  static int ipv6(byte[] d, int at, byte[] out, int to) {
    int runStart = -1;
    int runLength = 1; // a single zero group is not compressed
    for (int i = 0; i < 8; ) {
      if (group(d, at, i) != 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < 8 && group(d, at, i) == 0) i++;
      if (i - start > runLength) {
        runStart = start;
        runLength = i - start;
      }
    }
    for (int i = 0; i < 8; i++) {
      if (i == runStart) {
        out[to++] = ':';
        out[to++] = ':';
        i += runLength - 1;
        continue;
      }
      if (i > 0 && i != runStart + runLength) out[to++] = ':';
      to = hex(group(d, at, i), out, to);
    }
    return to;
  }

  private static int group(byte[] d, int at, int i) {
    return (d[at + 2 * i] & 0xff) << 8 | (d[at + 2 * i + 1] & 0xff);
  }

  private static int hex(int value, byte[] out, int to) {
    if (value >= 0x1000) out[to++] = HEX[value >> 12];
    if (value >= 0x100) out[to++] = HEX[(value >> 8) & 0xf];
    if (value >= 0x10) out[to++] = HEX[(value >> 4) & 0xf];
    out[to++] = HEX[value & 0xf];
    return to;
  }

  /** An octet's digits from a table: division is slow until the JIT's last tier. */
  private static int decimal(int value, byte[] out, int to) {
    int at = 4 * value;
    int length = OCTETS[at];
    out[to] = OCTETS[at + 1];
    out[to + 1] = OCTETS[at + 2];
    out[to + 2] = OCTETS[at + 3];
    return to + length;
  }
}
