package io.netwatch.scoring;

import java.util.Arrays;

/** Shannon entropy of a byte sequence, in bits per byte (0 for an empty payload, at most 8). */
public final class Entropy {
  private Entropy() {
  }

  /** Up to this length a sorted copy counts the bytes: cheaper than the 1 KB histogram. */
  private static final int SMALL = 64;

  public static double bitsPerByte(byte[] data) {
    if (data.length == 0) return 0.0;
    if (data.length <= SMALL) return bitsPerByteSorted(data);
    int[] counts = new int[256];
    for (byte b : data) counts[b & 0xff]++;
    double n = data.length;
    double entropy = 0.0;
    for (int count : counts) {
      if (count == 0) continue;
      entropy -= term(count, n);
    }
    return entropy;
  }

  /** The same sum in the same order (byte values ascending, unsigned), from runs of a sorted copy. */
  private static double bitsPerByteSorted(byte[] data) {
    byte[] sorted = new byte[data.length];
    // Flipping the top bit makes the signed sort order the unsigned one.
    for (int i = 0; i < data.length; i++) sorted[i] = (byte) (data[i] ^ 0x80);
    Arrays.sort(sorted);
    double n = data.length;
    double entropy = 0.0;
    int run = 1;
    for (int i = 1; i <= sorted.length; i++) {
      if (i < sorted.length && sorted[i] == sorted[i - 1]) {
        run++;
      } else {
        entropy -= term(run, n);
        run = 1;
      }
    }
    return entropy;
  }

  private static double term(int count, double n) {
    double p = count / n;
    return p * (Math.log(p) / Math.log(2));
  }

  /** Decodes an even-length hex string that the validator has already checked. */
  public static byte[] fromHex(String hex) {
    byte[] bytes = new byte[hex.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) ((Character.digit(hex.charAt(2 * i), 16) << 4) | Character.digit(hex.charAt(2 * i + 1), 16));
    }
    return bytes;
  }
}
