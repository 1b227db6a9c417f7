package io.netwatch.capture;

/**
 * One captured frame as a reader found it. A reader fills the same Frame for each of its frames (no allocation
 * per frame: fresh memory for a million short-lived objects costs page faults on a cold JVM), and {@code data}
 * may be a buffer it reuses: the frame is valid until the reader's next call.
 */
public final class Frame {
  public static final long NO_TIME = Long.MIN_VALUE;

  private int linkType;
  private long tsMicros;
  private int originalLength;
  private byte[] data;
  private int offset;
  private int capturedLength;

  /**
   * @param linkType the interface's link type (LINKTYPE_* number)
   * @param tsMicros capture time in epoch microseconds, or {@link #NO_TIME} (a pcapng simple packet block)
   * @param originalLength the frame's length on the wire
   * @param data the captured bytes, from {@code offset}
   * @param capturedLength how many bytes were captured (at most the snap length)
   */
  public Frame(int linkType, long tsMicros, int originalLength, byte[] data, int offset, int capturedLength) {
    set(linkType, tsMicros, originalLength, data, offset, capturedLength);
  }

  Frame set(int linkType, long tsMicros, int originalLength, byte[] data, int offset, int capturedLength) {
    this.linkType = linkType;
    this.tsMicros = tsMicros;
    this.originalLength = originalLength;
    this.data = data;
    this.offset = offset;
    this.capturedLength = capturedLength;
    return this;
  }

  public int linkType() {
    return linkType;
  }

  public long tsMicros() {
    return tsMicros;
  }

  public int originalLength() {
    return originalLength;
  }

  public byte[] data() {
    return data;
  }

  public int offset() {
    return offset;
  }

  public int capturedLength() {
    return capturedLength;
  }
}
