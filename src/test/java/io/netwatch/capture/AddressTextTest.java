package io.netwatch.capture;

import io.netty.util.NetUtil;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The sensor's address text is netty's, which it sent before: the same sources keep the same keys downstream. */
class AddressTextTest {
  @Test
  void ipv6IsNettysTextForAnyPatternOfZeroGroups() {
    SplittableRandom random = new SplittableRandom(23);
    byte[] address = new byte[16];
    byte[] text = new byte[AddressText.MAX_LENGTH];
    for (int i = 0; i < 100_000; i++) {
      int zeros = random.nextInt(256); // which of the eight groups are zero
      for (int g = 0; g < 8; g++) {
        int value = (zeros >> g & 1) != 0 ? 0 : random.nextInt(4) == 0 ? random.nextInt(16) : random.nextInt(65536);
        address[2 * g] = (byte) (value >> 8);
        address[2 * g + 1] = (byte) value;
      }
      int length = AddressText.ipv6(address, 0, text, 0);
      assertThat(new String(text, 0, length, StandardCharsets.US_ASCII)).isEqualTo(NetUtil.bytesToIpAddress(address));
    }
  }

  @Test
  void ipv4IsDotted() {
    byte[] text = new byte[AddressText.MAX_LENGTH];
    for (int v = 0; v < 256; v++) {
      byte[] address = {(byte) v, 0, (byte) (255 - v), 10};
      int length = AddressText.ipv4(address, 0, text, 0);
      assertThat(new String(text, 0, length, StandardCharsets.US_ASCII)).isEqualTo(v + ".0." + (255 - v) + ".10");
    }
  }
}
