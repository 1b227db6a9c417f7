package io.netwatch.capture;

import java.util.Arrays;

/**
 * A growable byte array for JSON made of ASCII text and numbers, reused from batch to batch ({@link #clear}):
 * no String-to-bytes copy per value. It grows to the largest batch and no further.
 */
final class AsciiBuffer {
  /** "00" to "99". */
  private static final byte[] PAIRS = new byte[200];

  static {
    for (int i = 0; i < 100; i++) {
      PAIRS[2 * i] = (byte) ('0' + i / 10);
      PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
    }
  }

  private byte[] bytes;
  private int size;

  AsciiBuffer(int capacity) {
    bytes = new byte[Math.max(16, capacity)];
  }

  AsciiBuffer append(char c) {
    ensure(1);
    bytes[size++] = (byte) c;
    return this;
  }

  /** {@code text} must be ASCII (addresses, protocol names, hex digits, field names). */
  AsciiBuffer append(String text) {
    int n = text.length();
    ensure(n);
    // ASCII only, so each char is one byte; getBytes would allocate a copy per value.
    for (int i = 0; i < n; i++) bytes[size + i] = (byte) text.charAt(i);
    size += n;
    return this;
  }

  AsciiBuffer append(byte[] raw) {
    return append(raw, raw.length);
  }

  /** The first {@code length} bytes of {@code raw}. */
  AsciiBuffer append(byte[] raw, int length) {
    ensure(length);
    System.arraycopy(raw, 0, bytes, size, length);
    size += length;
    return this;
  }

  AsciiBuffer append(long value) {
    if (value >= 0 && value <= Integer.MAX_VALUE) return append((int) value);
    return append(Long.toString(value)); // never for a packet's fields: none is negative or this large
  }

  /**
   * A non-negative int: two digits at a time from a table, as Integer.toString does. Division is the slow part
   * until the JIT's last tier turns it into a multiplication, and the sensor runs mostly before that.
   */
  AsciiBuffer append(int value) {
    ensure(10);
    int end = size + digits(value);
    int at = end;
    while (value >= 100) {
      int quotient = value / 100;
      int pair = 2 * (value - quotient * 100);
      bytes[--at] = PAIRS[pair + 1];
      bytes[--at] = PAIRS[pair];
      value = quotient;
    }
    if (value >= 10) {
      bytes[--at] = PAIRS[2 * value + 1];
      bytes[--at] = PAIRS[2 * value];
    } else {
      bytes[--at] = (byte) ('0' + value);
    }
    size = end;
    return this;
  }

  /** Exactly six digits, zeros in front (the microseconds after a second). */
  AsciiBuffer appendSixDigits(int value) {
    ensure(6);
    for (int at = size + 4; at >= size; at -= 2) {
      int quotient = value / 100;
      int pair = 2 * (value - quotient * 100);
      bytes[at] = PAIRS[pair];
      bytes[at + 1] = PAIRS[pair + 1];
      value = quotient;
    }
    size += 6;
    return this;
  }

  private static int digits(int value) {
    int n = 1;
    for (int limit = 10; n < 10 && value >= limit; limit *= 10) n++;
    return n;
  }

  int size() {
    return size;
  }

  /** The buffer itself, valid up to {@link #size()} until the next append or clear. */
  byte[] array() {
    return bytes;
  }

  void clear() {
    size = 0;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  private void ensure(int more) {
    if (size + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
  }
}
