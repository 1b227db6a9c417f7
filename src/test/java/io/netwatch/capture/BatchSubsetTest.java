package io.netwatch.capture;

import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A batch cut down to the packets of a partial 503's retry list")
class BatchSubsetTest {
  static final String BODY = "[{\"src_ip\":\"10.0.0.0\",\"dst_ip\":\"10.1.0.1\",\"protocol\":\"UDP\",\"pkt_rate\":0.5},"
      + "{\"src_ip\":\"10.0.0.1\",\"dst_ip\":\"10.1.0.1\",\"protocol\":\"UDP\",\"ts\":1796324399123456},"
      + "{\"src_ip\":\"10.0.0.2\",\"dst_ip\":\"10.1.0.1\",\"protocol\":\"TCP\",\"sensor\":\"tap-é\"},"
      + "{\"src_ip\":\"10.0.0.3\",\"dst_ip\":\"10.1.0.1\",\"protocol\":\"UDP\"}]";

  static Batch batch(boolean gzip) {
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    return new Batch(42, 4, gzip ? Batcher.gzip(body) : body, gzip);
  }

  static JsonArray packets(Batch batch) {
    return new JsonArray(new String(Batcher.uncompressed(batch).body(), StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("plain: the listed packets, in order, every field as sent; same sequence, count and encoding")
  void plain() {
    Batch rest = BatchSubset.keep(batch(false), List.of(1, 2));
    assertThat(rest.sequence()).isEqualTo(42);
    assertThat(rest.packets()).isEqualTo(2);
    assertThat(rest.gzip()).isFalse();
    JsonArray all = new JsonArray(BODY);
    assertThat(packets(rest)).isEqualTo(new JsonArray().add(all.getValue(1)).add(all.getValue(2)));
    assertThat(packets(rest).getJsonObject(0).getLong("ts")).isEqualTo(1796324399123456L);
    assertThat(packets(rest).getJsonObject(1).getString("sensor")).isEqualTo("tap-é");
  }

  @Test
  @DisplayName("gzip: decompressed, cut, compressed again")
  void gzip() {
    Batch rest = BatchSubset.keep(batch(true), List.of(0, 3));
    assertThat(rest.gzip()).isTrue();
    assertThat(rest.body()[0] & 0xff).as("gzip magic").isEqualTo(0x1f);
    assertThat(packets(rest)).extracting(p -> ((io.vertx.core.json.JsonObject) p).getString("src_ip"))
        .containsExactly("10.0.0.0", "10.0.0.3");
    assertThat(packets(rest).getJsonObject(0).getDouble("pkt_rate")).isEqualTo(0.5);
  }

  @Test
  @DisplayName("a list that does not fit the batch (past its end, unordered, empty) or a body that is not an array: null")
  void doesNotFit() {
    assertThat(BatchSubset.keep(batch(false), List.of(4))).isNull();
    assertThat(BatchSubset.keep(batch(false), List.of(2, 1))).isNull();
    assertThat(BatchSubset.keep(batch(false), List.of(1, 1))).isNull();
    assertThat(BatchSubset.keep(batch(true), List.of())).isNull();
    assertThat(BatchSubset.keep(new Batch(1, 1, "{\"src_ip\":1}".getBytes(StandardCharsets.UTF_8), false), List.of(0)))
        .isNull();
    assertThat(BatchSubset.keep(new Batch(1, 1, "[{}".getBytes(StandardCharsets.UTF_8), true), List.of(0))).isNull();
    assertThat(BatchSubset.keep(new Batch(1, 3, BODY.getBytes(StandardCharsets.UTF_8), false), List.of(0)))
        .as("not the count the batch says").isNull();
  }
}
