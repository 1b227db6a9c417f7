package io.netwatch.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Inflates a {@code Content-Encoding: gzip} request body, at most {@code limit} bytes of it: the body limit applies
 * to what the body inflates to, and a body that inflates to more (a compression bomb: a few kilobytes can inflate
 * to gigabytes) is refused after inflating one byte past the limit, never the rest. Several gzip members one after
 * the other are one body, as RFC 1952 allows. Pure: bytes in, bytes out.
 */
final class GzipBody {
  /** Inflated at a time; the output grows as it fills, never beyond limit + 1. */
  private static final int CHUNK = 16 * 1024;

  private GzipBody() {
  }

  /** The body inflates to more than the limit. */
  static final class TooLarge extends Exception {
    TooLarge() {
      super(null, null, false, false);
    }
  }

  /** Not gzip, or a gzip stream that is cut short or fails its checksum. */
  static final class Corrupt extends Exception {
    Corrupt(String message) {
      super(message, null, false, false);
    }
  }

  /** The inflated bytes are the first {@code length} of {@code bytes}. */
  record Inflated(byte[] bytes, int length) {
  }

  static Inflated inflate(byte[] compressed, int compressedLength, int limit) throws TooLarge, Corrupt {
    if (compressedLength < 2 || (compressed[0] & 0xff) != 0x1f || (compressed[1] & 0xff) != 0x8b) {
      throw new Corrupt("body is not gzip data (Content-Encoding: gzip)");
    }
    byte[] out = new byte[(int) Math.min(limit + 1L, Math.max(CHUNK, compressedLength * 4L))];
    int length = 0;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed, 0, compressedLength), CHUNK)) {
      while (true) {
        if (length == out.length) {
          if (length > limit) throw new TooLarge();
          out = Arrays.copyOf(out, (int) Math.min(limit + 1L, out.length * 2L));
        }
        int n = in.read(out, length, Math.min(CHUNK, out.length - length));
        if (n < 0) break;
        length += n;
        if (length > limit) throw new TooLarge();
      }
    } catch (IOException e) { // ZipException (bad data, bad checksum) or EOFException (cut short)
      throw new Corrupt("body is not valid gzip data: " + (e.getMessage() == null ? "it ends too soon" : e.getMessage()));
    }
    return new Inflated(out, length);
  }
}
