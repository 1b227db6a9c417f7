package io.netwatch.scoring;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@DisplayName("Entropy: Shannon entropy in bits per byte")
class EntropyTest {
  @Test
  @DisplayName("empty and constant payloads have 0 bits per byte")
  void zero() {
    assertThat(Entropy.bitsPerByte(new byte[0])).isEqualTo(0.0);
    assertThat(Entropy.bitsPerByte(new byte[] {7, 7, 7, 7})).isEqualTo(0.0);
  }

  @Test
  @DisplayName("two equally likely values: 1 bit; four: 2 bits; all 256: 8 bits")
  void powersOfTwo() {
    assertThat(Entropy.bitsPerByte(new byte[] {0, 1, 0, 1})).isEqualTo(1.0);
    assertThat(Entropy.bitsPerByte(new byte[] {0, 1, 2, 3})).isEqualTo(2.0);
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) all[i] = (byte) i;
    assertThat(Entropy.bitsPerByte(all)).isCloseTo(8.0, within(1e-12));
  }

  @Test
  @DisplayName("a skewed distribution: p = 3/4, 1/4 gives 0.8113 bits")
  void skewed() {
    assertThat(Entropy.bitsPerByte(new byte[] {1, 1, 1, 2})).isCloseTo(0.811278, within(1e-6));
  }

  @Test
  @DisplayName("short payloads (counted from a sorted copy) get exactly the histogram's result, high bytes included")
  void shortPayloadsMatchTheHistogram() {
    java.util.Random random = new java.util.Random(42);
    for (int length = 1; length <= 64; length++) {
      for (int trial = 0; trial < 20; trial++) {
        byte[] payload = new byte[length];
        random.nextBytes(payload);
        if (trial % 2 == 0) for (int i = 0; i < length; i++) payload[i] = (byte) (payload[i] & 0x83); // repeats
        assertThat(Entropy.bitsPerByte(payload)).isEqualTo(histogram(payload));
      }
    }
  }

  /** The textbook computation: a 256-entry histogram summed in byte-value order. */
  private static double histogram(byte[] data) {
    int[] counts = new int[256];
    for (byte b : data) counts[b & 0xff]++;
    double entropy = 0.0;
    for (int count : counts) {
      if (count == 0) continue;
      double p = count / (double) data.length;
      entropy -= p * (Math.log(p) / Math.log(2));
    }
    return entropy;
  }

  @Test
  @DisplayName("hex decoding takes lower and upper case")
  void hex() {
    assertThat(Entropy.fromHex("deadBEEF")).containsExactly(0xde, 0xad, 0xbe, 0xef);
    assertThat(Entropy.fromHex("")).isEmpty();
    assertThat(Entropy.fromHex("00ff")).containsExactly(0x00, 0xff);
  }
}
