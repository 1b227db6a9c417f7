package io.netwatch.capture;

import java.io.IOException;
import java.io.InputStream;

/** Reads the frames of a classic pcap or a pcapng capture, whichever the first bytes say it is. */
public interface CaptureReader {
  /** Most bytes one record may claim: larger is a corrupt length, not a frame (pcapng readers use 256 KiB too). */
  int MAX_RECORD = 16 * 1024 * 1024;

  /** The next frame, or null at the end of the capture. */
  Frame next() throws IOException, CaptureFormatException;

  /** Bytes of the capture consumed so far. */
  long offset();

  /**
   * Reads the capture's header from {@code in}.
   *
   * @throws CaptureFormatException for a wrong magic number, a cut header or an unknown link type
   */
  static CaptureReader open(InputStream in) throws IOException, CaptureFormatException {
    CaptureInput input = new CaptureInput(in);
    byte[] magic = new byte[4];
    int n = input.read(magic, 0, 4);
    if (n == 0) throw new CaptureFormatException(CaptureFormatException.Kind.TRUNCATED, 0, "empty capture");
    if (n < 4) throw new CaptureFormatException(CaptureFormatException.Kind.TRUNCATED, 0, "truncated file header");
    int asLittleEndian = (magic[0] & 0xff) | (magic[1] & 0xff) << 8 | (magic[2] & 0xff) << 16 | (magic[3] & 0xff) << 24;
    switch (asLittleEndian) {
      case 0xa1b2c3d4: return PcapReader.open(input, false, false);
      case 0xa1b23c4d: return PcapReader.open(input, false, true);
      case 0xd4c3b2a1: return PcapReader.open(input, true, false);
      case 0x4d3cb2a1: return PcapReader.open(input, true, true);
      case PcapngReader.SECTION_HEADER: return PcapngReader.open(input);
      default:
        throw new CaptureFormatException(CaptureFormatException.Kind.BAD_MAGIC, 0, String.format(
            "not a pcap or pcapng capture (magic number %02x%02x%02x%02x)", magic[0], magic[1], magic[2], magic[3]));
    }
  }
}
