package io.netwatch.stream;

import io.netwatch.redis.StreamEntry;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("DecodedBatch: packets tagged for scoring, undecodable entries set aside, every id kept for the ack")
class DecodedBatchTest {
  static final String PACKET = "{\"src_ip\":\"10.1.1.1\",\"dst_ip\":\"10.2.2.2\",\"protocol\":\"UDP\"}";

  @Test
  @DisplayName("a packet gets its stream id and the receive time ingest recorded")
  void tagsPackets() {
    DecodedBatch batch = DecodedBatch.of(List.of(
        new StreamEntry("1700000000000-0", Map.of("packet", PACKET, "received_at", "1700000000123"))));

    JsonObject packet = batch.packets().getJsonObject(0);
    assertThat(packet.getString("src_ip")).isEqualTo("10.1.1.1");
    assertThat(packet.getString("stream_id")).isEqualTo("1700000000000-0");
    assertThat(packet.getLong("received_at")).isEqualTo(1_700_000_000_123L);
    assertThat(batch.entry("1700000000000-0").fields()).containsEntry("packet", PACKET);
  }

  @Test
  @DisplayName("without a usable receive time, the time in the entry id stands in")
  void receiveTimeFromId() {
    DecodedBatch batch = DecodedBatch.of(List.of(
        new StreamEntry("1700000000456-3", Map.of("packet", PACKET, "received_at", "soon")),
        new StreamEntry("1700000000789-0", Map.of("packet", PACKET))));

    assertThat(batch.packets().getJsonObject(0).getLong("received_at")).isEqualTo(1_700_000_000_456L);
    assertThat(batch.packets().getJsonObject(1).getLong("received_at")).isEqualTo(1_700_000_000_789L);
  }

  @Test
  @DisplayName("no packet field, broken JSON or not an object: set aside for the dead letters")
  void undecodable() {
    StreamEntry missing = new StreamEntry("1-0", Map.of("other", "x"));
    StreamEntry broken = new StreamEntry("2-0", Map.of("packet", "{not json"));
    StreamEntry array = new StreamEntry("3-0", Map.of("packet", "[1,2]"));
    StreamEntry good = new StreamEntry("4-0", Map.of("packet", PACKET));

    DecodedBatch batch = DecodedBatch.of(List.of(missing, broken, array, good));

    assertThat(batch.undecodable()).containsExactly(missing, broken, array);
    assertThat(batch.packets().size()).isEqualTo(1);
    assertThat(batch.ids()).containsExactly("1-0", "2-0", "3-0", "4-0");
  }

  @Test
  @DisplayName("an entry deleted while pending has nothing to process but is still acknowledged")
  void deletedEntry() {
    DecodedBatch batch = DecodedBatch.of(List.of(new StreamEntry("5-0", Map.of())));

    assertThat(batch.packets().isEmpty()).isTrue();
    assertThat(batch.undecodable()).isEmpty();
    assertThat(batch.ids()).containsExactly("5-0");
  }

  @Test
  @DisplayName("a stream id not in the batch, or none, names no entry")
  void unknownId() {
    DecodedBatch batch = DecodedBatch.of(List.of(new StreamEntry("4-0", Map.of("packet", PACKET))));
    assertThat(batch.entry("9-9")).isNull();
    assertThat(batch.entry(null)).isNull();
  }
}
