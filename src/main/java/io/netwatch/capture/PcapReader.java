package io.netwatch.capture;

import java.io.IOException;

/** Classic libpcap files: either byte order, microsecond or nanosecond timestamps. */
final class PcapReader implements CaptureReader {
  private static final int FILE_HEADER = 24;
  private static final int RECORD_HEADER = 16;

  private final CaptureInput input;
  private final boolean bigEndian;
  private final boolean nanos;
  private final int linkType;
  private final Frame frame = new Frame(0, Frame.NO_TIME, 0, null, 0, 0);

  private PcapReader(CaptureInput input, boolean bigEndian, boolean nanos, int linkType) {
    this.input = input;
    this.bigEndian = bigEndian;
    this.nanos = nanos;
    this.linkType = linkType;
  }

  /** After the magic number: reads the rest of the file header. */
  static PcapReader open(CaptureInput input, boolean bigEndian, boolean nanos) throws IOException, CaptureFormatException {
    byte[] rest = new byte[FILE_HEADER - 4];
    input.readFully(rest, 0, rest.length, 0, "file header");
    // The upper bits of the link type field carry FCS information, not the type.
    int linkType = Bytes.int32(rest, 16, bigEndian) & 0x03ff_ffff;
    if (!LinkLayer.supported(linkType)) {
      throw new CaptureFormatException(CaptureFormatException.Kind.UNKNOWN_LINK_TYPE, 20,
          "unknown link type " + linkType + " (" + LinkLayer.SUPPORTED + " are read)");
    }
    return new PcapReader(input, bigEndian, nanos, linkType);
  }

  /** The same Frame each time, its bytes in the input's buffer (no copy): valid until the next call. */
  @Override
  public Frame next() throws IOException, CaptureFormatException {
    long start = input.offset();
    int n = input.window(RECORD_HEADER);
    if (n == 0) return null;
    if (n < RECORD_HEADER) {
      input.skip(n);
      throw new CaptureFormatException(CaptureFormatException.Kind.TRUNCATED, start,
          "truncated record header (" + n + " of " + RECORD_HEADER + " bytes)");
    }
    byte[] header = input.array();
    int at = input.position();
    long seconds = Bytes.int32(header, at, bigEndian) & 0xffff_ffffL;
    long fraction = Bytes.int32(header, at + 4, bigEndian) & 0xffff_ffffL;
    int captured = Bytes.int32(header, at + 8, bigEndian);
    int original = Bytes.int32(header, at + 12, bigEndian);
    input.skip(RECORD_HEADER);
    if (captured < 0 || captured > MAX_RECORD) {
      throw new CaptureFormatException(CaptureFormatException.Kind.MALFORMED, start,
          "record claims " + Integer.toUnsignedString(captured) + " captured bytes");
    }
    n = input.window(captured);
    if (n < captured) {
      input.skip(n);
      throw new CaptureFormatException(CaptureFormatException.Kind.TRUNCATED, start,
          "truncated record (" + n + " of " + captured + " bytes)");
    }
    frame.set(linkType, seconds * 1_000_000 + (nanos ? fraction / 1000 : fraction), Math.max(original, captured),
        input.array(), input.position(), captured);
    input.skip(captured);
    return frame;
  }

  @Override
  public long offset() {
    return input.offset();
  }
}
