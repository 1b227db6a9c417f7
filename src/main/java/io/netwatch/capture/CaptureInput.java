package io.netwatch.capture;

import java.io.IOException;
import java.io.InputStream;

/** A buffered input that knows its byte offset, so that every format error can name where it is. */
final class CaptureInput {
  private static final int BUFFER = 1 << 16;

  private final InputStream in;
  private final byte[] buffer = new byte[BUFFER];
  private int position;
  private int limit;
  private long offset;

  CaptureInput(InputStream in) {
    this.in = in;
  }

  /** Bytes consumed so far. */
  long offset() {
    return offset;
  }

  /** Reads up to {@code length} bytes: fewer only at the end of the input. */
  int read(byte[] target, int at, int length) throws IOException {
    int total = 0;
    while (total < length) {
      if (position == limit && !fill()) break;
      int n = Math.min(length - total, limit - position);
      System.arraycopy(buffer, position, target, at + total, n);
      position += n;
      total += n;
    }
    offset += total;
    return total;
  }

  /** Reads exactly {@code length} bytes, or says which part of the capture was cut short and where it began. */
  void readFully(byte[] target, int at, int length, long startOffset, String what)
      throws IOException, CaptureFormatException {
    int n = read(target, at, length);
    if (n < length) {
      throw new CaptureFormatException(CaptureFormatException.Kind.TRUNCATED, startOffset,
          "truncated " + what + " (" + n + " of " + length + " bytes)");
    }
  }

  private boolean fill() throws IOException {
    int n;
    do {
      n = in.read(buffer, 0, BUFFER);
    } while (n == 0);
    if (n < 0) return false;
    position = 0;
    limit = n;
    return true;
  }
}
