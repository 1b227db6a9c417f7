package io.netwatch.capture;

import io.netwatch.model.Packet;
import io.netwatch.model.PacketValidator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TelemetryJsonTest {
  private static final Telemetry SYN = new Telemetry("10.0.0.1", "::2", "TCP", 1, 80, 6, 64, 2, "00ff", 12,
      1_700_000_000_123_456L);

  @Test
  void everyPacketPassesTheIngestValidatorAndKeepsItsFields() {
    Telemetry untimed = new Telemetry("1.2.3.4", "5.6.7.8", "253", 0, 0, 0, 0, 0, "", 0, Frame.NO_TIME);
    JsonArray array = new JsonArray(new String(new TelemetryJson("edge \"1\"\n").array(List.of(SYN, untimed)),
        StandardCharsets.UTF_8));
    JsonObject first = array.getJsonObject(0);
    Packet packet = new PacketValidator().validate(first.getMap());
    assertThat(packet.srcIp()).isEqualTo("10.0.0.1");
    assertThat(packet.dstIp()).isEqualTo("0:0:0:0:0:0:0:2");
    assertThat(packet.tcpFlags()).isEqualTo(2);
    assertThat(packet.payloadHex()).isEqualTo("00ff");
    assertThat(first.getLong("ts")).isEqualTo(1_700_000_000_123_456L);
    assertThat(first.getLong("pkt_rate")).isEqualTo(12);
    assertThat(first.getString("sensor")).isEqualTo("edge \"1\"\n");
    assertThat(array.getJsonObject(1).containsKey("ts")).as("no capture time, none sent").isFalse();
    new PacketValidator().validate(array.getJsonObject(1).getMap());
  }

  @Test
  void withoutASensorNameTheFieldIsLeftOut() {
    JsonArray array = new JsonArray(new String(new TelemetryJson(null).array(List.of(SYN)), StandardCharsets.UTF_8));
    assertThat(array.getJsonObject(0).fieldNames()).doesNotContain("sensor");
  }
}
