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
  private final byte[] header = new byte[RECORD_HEADER];
  private byte[] data = new byte[65_536];

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

  @Override
  public Frame next() throws IOException, CaptureFormatException {
    long start = input.offset();
    int n = input.read(header, 0, RECORD_HEADER);
    if (n == 0) return null;
    if (n < RECORD_HEADER) {
      throw new CaptureFormatException(CaptureFormatException.Kind.TRUNCATED, start,
          "truncated record header (" + n + " of " + RECORD_HEADER + " bytes)");
    }
    long seconds = Bytes.int32(header, 0, bigEndian) & 0xffff_ffffL;
    long fraction = Bytes.int32(header, 4, bigEndian) & 0xffff_ffffL;
    int captured = Bytes.int32(header, 8, bigEndian);
    int original = Bytes.int32(header, 12, bigEndian);
    if (captured < 0 || captured > MAX_RECORD) {
      throw new CaptureFormatException(CaptureFormatException.Kind.MALFORMED, start,
          "record claims " + Integer.toUnsignedString(captured) + " captured bytes");
    }
    if (captured > data.length) data = new byte[captured];
    input.readFully(data, 0, captured, start, "record");
    long micros = seconds * 1_000_000 + (nanos ? fraction / 1000 : fraction);
    return new Frame(linkType, micros, Math.max(original, captured), data, 0, captured);
  }

  @Override
  public long offset() {
    return input.offset();
  }
}
