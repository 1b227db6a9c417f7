package io.netwatch.capture;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * pcapng: section header, interface description, enhanced and simple packet blocks; other blocks are
 * skipped. Each interface has its own link type and timestamp resolution (if_tsresol, if_tsoffset); a new
 * section starts a new list of interfaces and may change the byte order.
 */
final class PcapngReader implements CaptureReader {
  static final int SECTION_HEADER = 0x0A0D0D0A;
  private static final int INTERFACE_DESCRIPTION = 1;
  private static final int SIMPLE_PACKET = 3;
  private static final int ENHANCED_PACKET = 6;
  private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;

  /** One interface: its link type, snap length, and how its timestamps convert to microseconds. */
  private record Interface(int linkType, int snapLength, boolean powerOfTwo, int exponent, long offsetSeconds) {
    long micros(long units) {
      long micros;
      if (powerOfTwo) {
        long whole = units >>> exponent;
        long fraction = units & ((1L << exponent) - 1);
        micros = whole * 1_000_000 + (long) (fraction * 1e6 / (1L << exponent));
      } else if (exponent >= 6) {
        micros = units / pow10(exponent - 6);
      } else {
        micros = units * pow10(6 - exponent);
      }
      return micros + offsetSeconds * 1_000_000;
    }
  }

  private final CaptureInput input;
  private final List<Interface> interfaces = new ArrayList<>();
  private boolean bigEndian;
  private byte[] block = new byte[65_536];
  private final byte[] head = new byte[8];
  /** Filled again for each frame: valid until the next call. */
  private final Frame frame = new Frame(0, Frame.NO_TIME, 0, null, 0, 0);

  private PcapngReader(CaptureInput input) {
    this.input = input;
  }

  /** After the first block type: reads the section header block. */
  static PcapngReader open(CaptureInput input) throws IOException, CaptureFormatException {
    PcapngReader reader = new PcapngReader(input);
    reader.readSectionHeader(0);
    return reader;
  }

  @Override
  public long offset() {
    return input.offset();
  }

  @Override
  public Frame next() throws IOException, CaptureFormatException {
    while (true) {
      long start = input.offset();
      int n = input.read(head, 0, 4);
      if (n == 0) return null;
      if (n < 4) throw truncated(start, "block header");
      int type = Bytes.int32(head, 0, bigEndian);
      if (type == SECTION_HEADER) {
        readSectionHeader(start);
        continue;
      }
      int length = readBody(start);
      if (type == INTERFACE_DESCRIPTION) {
        addInterface(start, length);
      } else if (type == ENHANCED_PACKET) {
        return enhancedPacket(start, length);
      } else if (type == SIMPLE_PACKET) {
        return simplePacket(start, length);
      }
    }
  }

  private void readSectionHeader(long start) throws IOException, CaptureFormatException {
    input.readFully(head, 0, 8, start, "section header block");
    int magic = Bytes.int32(head, 4, false);
    if (magic == BYTE_ORDER_MAGIC) {
      bigEndian = false;
    } else if (Integer.reverseBytes(magic) == BYTE_ORDER_MAGIC) {
      bigEndian = true;
    } else {
      throw new CaptureFormatException(CaptureFormatException.Kind.BAD_MAGIC, start + 8,
          "pcapng section header without its byte-order magic");
    }
    int length = Bytes.int32(head, 0, bigEndian);
    checkLength(start, length, 28);
    skip(start, length - 12, "section header block");
    interfaces.clear();
  }

  /** Reads the block's length and the rest of the block into {@link #block} (body from index 0); returns the body length. */
  private int readBody(long start) throws IOException, CaptureFormatException {
    input.readFully(head, 4, 4, start, "block header");
    int length = Bytes.int32(head, 4, bigEndian);
    checkLength(start, length, 12);
    int rest = length - 8;
    if (rest > block.length) block = new byte[rest];
    input.readFully(block, 0, rest, start, "block");
    return rest - 4;
  }

  private void addInterface(long start, int length) throws CaptureFormatException {
    if (length < 8) throw malformed(start, "interface description block too short");
    int linkType = Bytes.u16(block, 0, bigEndian);
    if (!LinkLayer.supported(linkType)) {
      throw new CaptureFormatException(CaptureFormatException.Kind.UNKNOWN_LINK_TYPE, start + 8,
          "unknown link type " + linkType + " on interface " + interfaces.size() + " (" + LinkLayer.SUPPORTED + " are read)");
    }
    int snapLength = Bytes.int32(block, 4, bigEndian);
    boolean powerOfTwo = false;
    int exponent = 6;
    long offsetSeconds = 0;
    int at = 8;
    while (at + 4 <= length) {
      int code = Bytes.u16(block, at, bigEndian);
      int size = Bytes.u16(block, at + 2, bigEndian);
      if (code == 0 || at + 4 + size > length) break;
      if (code == 9 && size >= 1) {
        int resolution = Bytes.u8(block, at + 4);
        powerOfTwo = (resolution & 0x80) != 0;
        exponent = resolution & 0x7f;
        if (exponent > (powerOfTwo ? 40 : 18)) throw malformed(start, "if_tsresol " + resolution + " out of range");
      } else if (code == 14 && size >= 8) {
        offsetSeconds = ((long) Bytes.int32(block, at + 4, bigEndian) << 32 | (Bytes.int32(block, at + 8, bigEndian) & 0xffff_ffffL));
        if (!bigEndian) offsetSeconds = Long.rotateLeft(offsetSeconds, 32);
      }
      at += 4 + ((size + 3) & ~3);
    }
    interfaces.add(new Interface(linkType, snapLength, powerOfTwo, exponent, offsetSeconds));
  }

  private Frame enhancedPacket(long start, int length) throws CaptureFormatException {
    if (length < 20) throw malformed(start, "enhanced packet block too short");
    Interface iface = iface(start, Bytes.int32(block, 0, bigEndian));
    long units = (long) Bytes.int32(block, 4, bigEndian) << 32 | (Bytes.int32(block, 8, bigEndian) & 0xffff_ffffL);
    int captured = Bytes.int32(block, 12, bigEndian);
    int original = Bytes.int32(block, 16, bigEndian);
    if (captured < 0 || captured > length - 20) throw malformed(start, "enhanced packet block claims " + captured + " captured bytes");
    return frame.set(iface.linkType(), iface.micros(units), Math.max(original, captured), block, 20, captured);
  }

  private Frame simplePacket(long start, int length) throws CaptureFormatException {
    if (length < 4) throw malformed(start, "simple packet block too short");
    Interface iface = iface(start, 0);
    int original = Bytes.int32(block, 0, bigEndian);
    int captured = Math.min(length - 4, original);
    if (iface.snapLength() > 0) captured = Math.min(captured, iface.snapLength());
    return frame.set(iface.linkType(), Frame.NO_TIME, original, block, 4, Math.max(captured, 0));
  }

  private Interface iface(long start, int id) throws CaptureFormatException {
    if (id < 0 || id >= interfaces.size()) throw malformed(start, "packet on interface " + id + ", which was never described");
    return interfaces.get(id);
  }

  private void skip(long start, int count, String what) throws IOException, CaptureFormatException {
    if (count > block.length) block = new byte[count];
    input.readFully(block, 0, count, start, what);
  }

  private static void checkLength(long start, int length, int minimum) throws CaptureFormatException {
    if (length < minimum || (length & 3) != 0 || length > MAX_RECORD) {
      throw malformed(start, "block length " + Integer.toUnsignedString(length) + " is not valid");
    }
  }

  private static CaptureFormatException malformed(long start, String message) {
    return new CaptureFormatException(CaptureFormatException.Kind.MALFORMED, start, message);
  }

  private static CaptureFormatException truncated(long start, String what) {
    return new CaptureFormatException(CaptureFormatException.Kind.TRUNCATED, start, "truncated " + what);
  }

  private static long pow10(int exponent) {
    long value = 1;
    for (int i = 0; i < exponent; i++) value *= 10;
    return value;
  }
}
