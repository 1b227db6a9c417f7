package io.netwatch.model;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SharedJsonTest {
  static JsonObject batch() {
    return new JsonObject().put("anomalies", new JsonArray()
        .add(new JsonObject().put("stream_id", "1-0").put("score", 0.75).put("reasons", new JsonArray().add("syn_only")))
        .add(new JsonObject().put("stream_id", "1-1").put("protocol", "UDP \"quoted\" ✓")));
  }

  @Test
  @DisplayName("on the wire it is JSON, and decodes to an equal object after whatever precedes it in the buffer")
  void wireRoundTrip() {
    Buffer wire = Buffer.buffer("prefix");
    JsonObject sent = batch();
    SharedJson codec = codec();
    codec.encodeToWire(wire, sent);
    assertThat(codec.decodeFromWire(6, wire)).isEqualTo(sent);
  }

  @Test
  @DisplayName("a typed batch goes on the wire as the JSON anomaly.store documents, and arrives as that JsonObject")
  void typedBatchOnTheWire() {
    Packet packet = new Packet("10.0.0.5", "2001:db8::77", "TCP", 51234, 4444, 512, null, 2, "de\"ad", 15000.0);
    AnomalyBatch sent = new AnomalyBatch(List.of(
        new Anomaly("1-0", packet, 2.0, 0.75, Severity.CRITICAL, List.of("suspicious_port", "syn_only"), 1_700_000_000_123L)),
        new JsonArray().add(new JsonObject().put("index", 1).put("error", "bad")));
    Buffer wire = Buffer.buffer("prefix");
    codec().encodeToWire(wire, sent);
    JsonObject expected = Messages.anomalies(List.of(Messages.anomaly(sent.anomalies().get(0)))).put("rejected", sent.rejected());
    assertThat(codec().decodeFromWire(6, wire)).isEqualTo(expected);
    assertThat(expected.getJsonArray("anomalies").getJsonObject(0).getMap())
        .containsEntry("stream_id", "1-0").containsEntry("ttl", null).containsEntry("received_at", 1_700_000_000_123L)
        .containsEntry("severity", "critical");
    assertThat(AnomalyBatch.of(sent.anomalies()).toJson().containsKey("rejected")).isFalse();
  }

  @Test
  @DisplayName("inside one JVM the receiver gets the sender's object: no copy per hop")
  void noLocalCopy() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      SharedJson.register(vertx.eventBus());
      SharedJson.register(vertx.eventBus()); // twice is harmless: every verticle registers it
      JsonObject sent = batch();
      vertx.eventBus().<JsonObject>consumer("shared.test", message -> message.reply(message.body(), SharedJson.options()));
      JsonObject received = vertx.eventBus().<JsonObject>request("shared.test", sent, SharedJson.options())
          .await(5, TimeUnit.SECONDS).body();
      assertThat(received).isSameAs(sent);
    } finally {
      vertx.close().await(5, TimeUnit.SECONDS);
    }
  }

  private static SharedJson codec() {
    return new SharedJson();
  }
}
