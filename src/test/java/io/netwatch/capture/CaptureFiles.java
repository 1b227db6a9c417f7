package io.netwatch.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes classic pcap and pcapng files in memory, in either byte order, for the reader tests. */
final class CaptureFiles {
  private CaptureFiles() {
  }

  static final class Pcap {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteOrder order;
    private final boolean nanos;

    Pcap(ByteOrder order, boolean nanos, int linkType) {
      this.order = order;
      this.nanos = nanos;
      ByteBuffer h = ByteBuffer.allocate(24).order(order);
      h.putInt(nanos ? 0xa1b23c4d : 0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
          .putInt(65_535).putInt(linkType);
      out.writeBytes(h.array());
    }

    Pcap record(long seconds, long fraction, byte[] data, int originalLength) {
      ByteBuffer h = ByteBuffer.allocate(16).order(order);
      h.putInt((int) seconds).putInt((int) fraction).putInt(data.length).putInt(originalLength);
      out.writeBytes(h.array());
      out.writeBytes(data);
      return this;
    }

    Pcap record(long seconds, long fraction, byte[] data) {
      return record(seconds, fraction, data, data.length);
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  static final class Pcapng {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteOrder order;

    Pcapng(ByteOrder order) {
      section(order);
    }

    Pcapng section(ByteOrder order) {
      this.order = order;
      ByteBuffer body = ByteBuffer.allocate(16).order(order);
      body.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1);
      return block(0x0A0D0D0A, body.array());
    }

    /** An interface; {@code tsresol} is the if_tsresol byte, or -1 for none (microseconds). */
    Pcapng iface(int linkType, int snapLength, int tsresol) {
      ByteBuffer body = ByteBuffer.allocate(tsresol < 0 ? 12 : 24).order(order);
      body.putShort((short) linkType).putShort((short) 0).putInt(snapLength);
      if (tsresol >= 0) body.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]).putInt(0);
      else body.putInt(0);
      return block(1, body.array());
    }

    Pcapng enhanced(int iface, long units, byte[] data, int originalLength) {
      int padded = (data.length + 3) & ~3;
      ByteBuffer body = ByteBuffer.allocate(20 + padded).order(order);
      body.putInt(iface).putInt((int) (units >>> 32)).putInt((int) units).putInt(data.length).putInt(originalLength)
          .put(data);
      return block(6, body.array());
    }

    Pcapng simple(byte[] data) {
      int padded = (data.length + 3) & ~3;
      ByteBuffer body = ByteBuffer.allocate(4 + padded).order(order);
      body.putInt(data.length).put(data);
      return block(3, body.array());
    }

    /** A block the reader must skip (an interface statistics block). */
    Pcapng other() {
      return block(5, new byte[12]);
    }

    private Pcapng block(int type, byte[] body) {
      ByteBuffer b = ByteBuffer.allocate(12 + body.length).order(order);
      b.putInt(type).putInt(12 + body.length).put(body).putInt(12 + body.length);
      out.writeBytes(b.array());
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
