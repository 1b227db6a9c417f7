package io.netwatch.capture;

/**
 * One captured frame as a reader found it. {@code data} may be a buffer the reader reuses: the frame is
 * valid until the reader's next call.
 *
 * @param linkType the interface's link type (LINKTYPE_* number)
 * @param tsMicros capture time in epoch microseconds, or {@link #NO_TIME} (a pcapng simple packet block)
 * @param originalLength the frame's length on the wire
 * @param data the captured bytes, from {@code offset}
 * @param capturedLength how many bytes were captured (at most the snap length)
 */
public record Frame(int linkType, long tsMicros, int originalLength, byte[] data, int offset, int capturedLength) {
  public static final long NO_TIME = Long.MIN_VALUE;
}
