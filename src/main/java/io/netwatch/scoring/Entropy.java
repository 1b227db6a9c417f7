package io.netwatch.scoring;

/** Shannon entropy of a byte sequence, in bits per byte (0 for an empty payload, at most 8). */
public final class Entropy {
  private Entropy() {
  }

  public static double bitsPerByte(byte[] data) {
    if (data.length == 0) return 0.0;
    int[] counts = new int[256];
    for (byte b : data) counts[b & 0xff]++;
    double n = data.length;
    double entropy = 0.0;
    for (int count : counts) {
      if (count == 0) continue;
      double p = count / n;
      entropy -= p * (Math.log(p) / Math.log(2));
    }
    return entropy;
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
