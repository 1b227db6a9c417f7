package io.netwatch.capture;

/** Unsigned reads from byte arrays in either byte order. */
final class Bytes {
  private Bytes() {
  }

  static int u8(byte[] b, int at) {
    return b[at] & 0xff;
  }

  /** Network (big-endian) order. */
  static int u16(byte[] b, int at) {
    return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
  }

  static int u16(byte[] b, int at, boolean bigEndian) {
    return bigEndian ? u16(b, at) : (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  static int int32(byte[] b, int at, boolean bigEndian) {
    if (bigEndian) {
      return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
  }

  /** Network order. */
  static long int64(byte[] b, int at) {
    return (long) int32(b, at, true) << 32 | (int32(b, at + 4, true) & 0xffff_ffffL);
  }
}
