package io.netwatch.capture;

import java.util.Arrays;

/** A growable byte array for JSON made of ASCII text and numbers: no String-to-bytes copy per batch. */
final class AsciiBuffer {
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
    ensure(raw.length);
    System.arraycopy(raw, 0, bytes, size, raw.length);
    size += raw.length;
    return this;
  }

  AsciiBuffer append(long value) {
    if (value == Long.MIN_VALUE) return append(Long.toString(value));
    ensure(20);
    if (value < 0) {
      bytes[size++] = '-';
      value = -value;
    }
    int start = size;
    do {
      bytes[size++] = (byte) ('0' + value % 10);
      value /= 10;
    } while (value != 0);
    for (int i = start, j = size - 1; i < j; i++, j--) {
      byte b = bytes[i];
      bytes[i] = bytes[j];
      bytes[j] = b;
    }
    return this;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  private void ensure(int more) {
    if (size + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
  }
}
