package io.netwatch.ingest;

import io.netwatch.testing.Await;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static io.netwatch.ingest.GzipBodyTest.gzip;
import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/** Compressed ingest bodies over real HTTP, through the whole platform, with a 64 KiB body limit. */
@DisplayName("Ingest with Content-Encoding: gzip")
class GzipIngestTest {
  static final int LIMIT = 64 * 1024;

  @Platform
  static PlatformUnderTest platform;

  @BeforeAll
  static void deploy() {
    platform.deploy(platform.config().put("max_body_bytes", LIMIT));
  }

  static String packet(String src) {
    return "{\"src_ip\":\"" + src + "\",\"dst_ip\":\"10.8.0.1\",\"protocol\":\"UDP\",\"dst_port\":53}";
  }

  static HttpResponse<Buffer> post(byte[] body, String contentType, String encoding) {
    var request = platform.ingestRequest().putHeader("Content-Type", contentType);
    if (encoding != null) request.putHeader("Content-Encoding", encoding);
    return Await.result(request.sendBuffer(Buffer.buffer(body)), 15);
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("a gzip packet, JSON array and NDJSON batch are stored as if sent plain; a body the limit holds only compressed too")
  void accepted() {
    HttpResponse<Buffer> one = post(gzip(utf8(packet("10.71.0.1"))), "application/json", "gzip");
    assertThat(one.statusCode()).as(one.bodyAsString()).isEqualTo(200);
    assertThat(one.bodyAsJsonObject().getString("id")).matches("\\d+-\\d+");

    HttpResponse<Buffer> array = post(gzip(utf8("[" + packet("10.71.0.2") + "," + packet("10.71.0.2") + "]")),
        "application/json", "x-gzip");
    assertThat(array.bodyAsJsonObject().getInteger("accepted")).isEqualTo(2);

    StringBuilder ndjson = new StringBuilder();
    while (ndjson.length() < LIMIT - 200) ndjson.append(packet("10.71.0.3")).append('\n');
    int lines = ndjson.toString().split("\n").length;
    HttpResponse<Buffer> batch = post(gzip(utf8(ndjson.toString())), "application/x-ndjson", "GZIP");
    assertThat(batch.statusCode()).as(batch.bodyAsString()).isEqualTo(200);
    assertThat(batch.bodyAsJsonObject().getInteger("accepted")).isEqualTo(lines);

    within(Duration.ofSeconds(15), () -> assertThat(platform.database.count(
        "SELECT count(*) FROM anomalies WHERE src_ip << '10.71.0.0/24'")).isEqualTo(3 + lines));
  }

  @Test
  @DisplayName("inflating past the limit: 413, though the compressed body is far under it; a bomb the same, at once")
  void overTheLimitInflated() {
    long before = platform.entriesAdded();
    StringBuilder ndjson = new StringBuilder();
    while (ndjson.length() <= LIMIT) ndjson.append(packet("10.72.0.1")).append('\n');
    byte[] compressed = gzip(utf8(ndjson.toString()));
    assertThat(compressed.length).isLessThan(LIMIT / 10);
    HttpResponse<Buffer> justOver = post(compressed, "application/x-ndjson", "gzip");
    assertThat(justOver.statusCode()).isEqualTo(413);
    assertThat(justOver.bodyAsJsonObject().getString("error")).contains("inflates to more than the limit of " + LIMIT);

    byte[] bomb = gzip(new byte[256 * 1024 * 1024]); // 256 MiB of zeros in about 250 KiB: over the wire limit too
    byte[] smallBomb = gzip(new byte[32 * 1024 * 1024]); // 32 MiB in about 32 KiB: within the wire limit
    assertThat(smallBomb.length).isLessThan(LIMIT);
    HttpResponse<Buffer> bombed = post(smallBomb, "application/json", "gzip");
    assertThat(bombed.statusCode()).isEqualTo(413);
    assertThat(bombed.bodyAsJsonObject().getString("field")).isEqualTo("body");
    assertThat(post(bomb, "application/json", "gzip").statusCode()).as("compressed over the limit").isEqualTo(413);
    assertThat(platform.entriesAdded()).as("nothing written").isEqualTo(before);
    assertThat(post(utf8(packet("10.72.0.2")), "application/json", null).statusCode())
        .as("the ingest still answers").isEqualTo(200);
  }

  @Test
  @DisplayName("corrupt or cut-short gzip: 400 naming the body; an encoding other than gzip: 415 naming Content-Encoding")
  void refused() {
    long before = platform.entriesAdded();
    byte[] good = gzip(utf8("[" + packet("10.73.0.1") + "," + packet("10.73.0.1") + "]"));
    HttpResponse<Buffer> cut = post(Arrays.copyOf(good, good.length - 5), "application/json", "gzip");
    assertThat(cut.statusCode()).isEqualTo(400);
    assertThat(cut.bodyAsJsonObject().getString("field")).isEqualTo("body");
    assertThat(cut.bodyAsJsonObject().getString("error")).contains("gzip");

    HttpResponse<Buffer> plainSaidGzip = post(utf8(packet("10.73.0.1")), "application/json", "gzip");
    assertThat(plainSaidGzip.statusCode()).isEqualTo(400);
    assertThat(plainSaidGzip.bodyAsJsonObject().getString("error")).contains("not gzip");

    for (String encoding : new String[] {"br", "deflate", "zstd", "gzip, br"}) {
      HttpResponse<Buffer> other = post(good, "application/json", encoding);
      assertThat(other.statusCode()).as(encoding).isEqualTo(415);
      assertThat(other.bodyAsJsonObject().getString("field")).isEqualTo("Content-Encoding");
    }
    HttpResponse<Buffer> badPacket = post(gzip(utf8("[" + packet("10.73.0.1") + ",{\"src_ip\":\"x\"}]")),
        "application/json", "gzip");
    assertThat(badPacket.statusCode()).isEqualTo(400);
    assertThat(badPacket.bodyAsJsonObject().getInteger("index")).isEqualTo(1);
    assertThat(platform.entriesAdded()).as("nothing written").isEqualTo(before);
  }
}
