package io.netwatch.ingest;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("GzipBody: inflating a request body within the body limit")
class GzipBodyTest {
  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  static String inflated(byte[] compressed, int limit) throws Exception {
    GzipBody.Inflated body = GzipBody.inflate(compressed, compressed.length, limit);
    return new String(body.bytes(), 0, body.length(), StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("a gzip body inflates to what was compressed; the limit is on the inflated size, inclusive")
  void roundTrip() throws Exception {
    String json = "{\"src_ip\":\"10.0.0.1\",\"dst_ip\":\"10.0.0.2\",\"protocol\":\"TCP\"}\n".repeat(2_000);
    byte[] compressed = gzip(json.getBytes(StandardCharsets.UTF_8));
    assertThat(inflated(compressed, json.length())).isEqualTo(json);
    assertThatThrownBy(() -> inflated(compressed, json.length() - 1)).isInstanceOf(GzipBody.TooLarge.class);
    assertThat(inflated(gzip(new byte[0]), 10)).isEmpty();
  }

  @Test
  @DisplayName("members one after the other are one body (RFC 1952), as `cat a.gz b.gz` makes")
  void concatenatedMembers() throws Exception {
    byte[] first = gzip("[{\"a\":1},".getBytes(StandardCharsets.UTF_8));
    byte[] second = gzip("{\"b\":2}]".getBytes(StandardCharsets.UTF_8));
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    assertThat(inflated(both, 100)).isEqualTo("[{\"a\":1},{\"b\":2}]");
  }

  @Test
  @DisplayName("a bomb is refused after inflating just past the limit: its broken end is never reached")
  void bombStopsAtTheLimit() {
    byte[] bomb = gzip(new byte[64 * 1024 * 1024]); // 64 MiB of zeros: about 64 KiB compressed
    assertThat(bomb.length).isLessThan(100_000);
    // Its checksum broken: inflating it to the end would fail on the checksum instead of the limit.
    bomb[bomb.length - 8] ^= 0x55;
    assertThatThrownBy(() -> GzipBody.inflate(bomb, bomb.length, 1024 * 1024)).isInstanceOf(GzipBody.TooLarge.class);
    assertThatThrownBy(() -> GzipBody.inflate(bomb, bomb.length, Integer.MAX_VALUE - 8))
        .as("inflated to the end, the broken checksum shows").isInstanceOf(GzipBody.Corrupt.class);
  }

  @Test
  @DisplayName("not gzip, cut short, a bad checksum or bad deflate data: Corrupt, with a reason")
  void corrupt() {
    byte[] good = gzip("{\"src_ip\":\"10.0.0.1\"}".repeat(50).getBytes(StandardCharsets.UTF_8));
    byte[] plainJson = "{\"src_ip\":\"10.0.0.1\"}".getBytes(StandardCharsets.UTF_8);
    byte[] cutShort = Arrays.copyOf(good, good.length / 2);
    byte[] badChecksum = good.clone();
    badChecksum[good.length - 6] ^= 0x01;
    byte[] badData = good.clone();
    for (int i = 12; i < 20; i++) badData[i] = (byte) 0xff;
    for (byte[] body : new byte[][] {plainJson, cutShort, badChecksum, badData, {0x1f}}) {
      assertThatThrownBy(() -> GzipBody.inflate(body, body.length, 1 << 20))
          .isInstanceOf(GzipBody.Corrupt.class)
          .hasMessageContaining("gzip");
    }
  }

  @Test
  @DisplayName("Content-Encoding: absent, empty or identity as sent; gzip or x-gzip in any case; anything else refused")
  void encodings() {
    assertThat(BodyFormat.encoding(null)).isEqualTo(BodyFormat.Encoding.IDENTITY);
    assertThat(BodyFormat.encoding(" ")).isEqualTo(BodyFormat.Encoding.IDENTITY);
    assertThat(BodyFormat.encoding("Identity")).isEqualTo(BodyFormat.Encoding.IDENTITY);
    assertThat(BodyFormat.encoding("GZIP")).isEqualTo(BodyFormat.Encoding.GZIP);
    assertThat(BodyFormat.encoding("x-gzip")).isEqualTo(BodyFormat.Encoding.GZIP);
    for (String other : new String[] {"br", "deflate", "zstd", "gzip, gzip", "compress"}) {
      assertThat(BodyFormat.encoding(other)).as(other).isEqualTo(BodyFormat.Encoding.UNSUPPORTED);
    }
  }
}
