package io.netwatch.model;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MessagesTest {
  @Test
  @DisplayName("the packet JSON ingest writes to the stream is the packet's JSON object: ttl null, escaping, non-ASCII")
  void packetJsonIsThePacketObject() {
    List<Packet> packets = List.of(
        new Packet("10.0.0.5", "192.168.1.10", "TCP", 51234, 4444, 512, 64, 2, "deadbeef", 15000),
        new Packet("2001:db8::1", "::1", "UDP", 0, 53, 0, null, 0, "", 0.5),
        new Packet("10.0.0.1", "10.0.0.2", "we\"ird\\proto é", 1, 2, 3, 255, 255, null, 1e-3),
        new Packet("10.0.0.1", "10.0.0.2", "UDP", 1, 2, 3, 64, 0, "", 0, 1_764_790_516_123_456L, "tap-\"é\" 1"));
    for (Packet packet : packets) {
      byte[] written = Messages.packetJson(packet);
      JsonObject decoded = new JsonObject(Buffer.buffer(written));
      assertThat(decoded).isEqualTo(Messages.packet(packet));
      assertThat(decoded.fieldNames()).containsExactlyElementsOf(Messages.packet(packet).fieldNames());
      assertThat(decoded.containsKey("ttl")).isTrue();
      Packet readBack = new PacketValidator().validate(decoded.getMap());
      assertThat(readBack.capturedAtMicros()).as("ts read back from the stream").isEqualTo(packet.capturedAtMicros());
      assertThat(readBack.sensor()).as("sensor read back from the stream").isEqualTo(packet.sensor());
    }
  }

  @Test
  @DisplayName("ts and sensor are written only when sent, and event time is ts in ms when sent, else received_at")
  void captureFields() {
    Packet plain = new Packet("10.0.0.1", "10.0.0.2", "UDP", 1, 2, 3, 64, 0, "", 0);
    assertThat(new JsonObject(Buffer.buffer(Messages.packetJson(plain))).fieldNames()).doesNotContain("ts", "sensor");
    Packet captured = new Packet("10.0.0.1", "10.0.0.2", "UDP", 1, 2, 3, 64, 0, "", 0, 1_000_000_999_999L, "s1");
    Anomaly late = new Anomaly("1-0", captured, 0, 0, Severity.LOW, List.of(), 5_000_000_000L);
    Anomaly live = new Anomaly("2-0", plain, 0, 0, Severity.LOW, List.of(), 5_000_000_000L);
    assertThat(late.eventTimeMillis()).isEqualTo(1_000_000_999L);
    assertThat(live.eventTimeMillis()).isEqualTo(5_000_000_000L);
    assertThat(Messages.eventTimeMillis(Messages.anomaly(late))).isEqualTo(1_000_000_999L);
    assertThat(Messages.eventTimeMillis(Messages.anomaly(live))).isEqualTo(5_000_000_000L);
    assertThat(Messages.anomaly(late).getString("sensor")).isEqualTo("s1");
  }
}
