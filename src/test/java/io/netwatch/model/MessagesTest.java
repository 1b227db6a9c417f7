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
        new Packet("10.0.0.1", "10.0.0.2", "we\"ird\\proto é", 1, 2, 3, 255, 255, null, 1e-3));
    for (Packet packet : packets) {
      byte[] written = Messages.packetJson(packet);
      JsonObject decoded = new JsonObject(Buffer.buffer(written));
      assertThat(decoded).isEqualTo(Messages.packet(packet));
      assertThat(decoded.fieldNames()).containsExactlyElementsOf(Messages.packet(packet).fieldNames());
      assertThat(decoded.containsKey("ttl")).isTrue();
    }
  }
}
