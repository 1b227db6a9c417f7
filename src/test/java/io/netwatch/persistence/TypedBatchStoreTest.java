package io.netwatch.persistence;

import io.netwatch.model.Anomaly;
import io.netwatch.model.AnomalyBatch;
import io.netwatch.model.Packet;
import io.netwatch.model.Severity;
import io.netwatch.model.SharedJson;
import io.netwatch.testing.Await;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * anomaly.store takes a batch two ways: typed from a scorer in the same JVM, or as JSON (another node, the results
 * API). Both must store the same row.
 */
@DisplayName("anomaly.store: a typed batch stores exactly the row its JSON stores")
class TypedBatchStoreTest {
  private static final String COLUMNS = "host(src_ip), host(dst_ip), protocol, src_port, dst_port, payload_len, ttl,"
      + " tcp_flags, pkt_rate, entropy, score, severity, reasons, received_at, captured_at, sensor";

  @Platform(deployed = true)
  static PlatformUnderTest platform;

  @Test
  @DisplayName("every column equal, IPv6, a packet without ttl, capture time and sensor included")
  void typedAndJsonStoreTheSameRow() {
    String run = UUID.randomUUID().toString();
    long at = System.currentTimeMillis();
    Packet packet = new Packet("2001:db8::77", "10.0.0.9", "TCP", 51234, 4444, 512, null, 2, "deadbeef", 15000.5,
        at * 1000 - 86_400_000_001L, "tap-1");
    List<String> reasons = List.of("suspicious_port", "syn_only");
    Anomaly typed = new Anomaly("typed-" + run, packet, 3.25, 0.75, Severity.CRITICAL, reasons, at);
    Anomaly viaJson = new Anomaly("json-" + run, packet, 3.25, 0.75, Severity.CRITICAL, reasons, at);
    SharedJson.register(platform.vertx.eventBus());

    assertThat(store(AnomalyBatch.of(List.of(typed))).getInteger("stored")).isEqualTo(1);
    assertThat(store(AnomalyBatch.of(List.of(viaJson)).toJson()).getInteger("stored")).isEqualTo(1);

    String typedRow = platform.database.text("SELECT row(" + COLUMNS + ")::text FROM anomalies WHERE stream_id = ?",
        typed.streamId());
    assertThat(typedRow).contains("2001:db8::77", "{suspicious_port,syn_only}", "tap-1");
    assertThat(platform.database.count("SELECT (extract(epoch FROM captured_at) * 1000000)::int8 FROM anomalies"
        + " WHERE stream_id = ?", typed.streamId())).isEqualTo(at * 1000 - 86_400_000_001L);
    assertThat(typedRow).isEqualTo(platform.database.text(
        "SELECT row(" + COLUMNS + ")::text FROM anomalies WHERE stream_id = ?", viaJson.streamId()));
  }

  private static JsonObject store(Object batch) {
    return (JsonObject) Await.result(platform.vertx.eventBus().request("anomaly.store", batch, SharedJson.options())
        .map(Message::body));
  }
}
