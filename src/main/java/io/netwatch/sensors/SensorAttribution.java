package io.netwatch.sensors;

import io.netwatch.model.Packet;

import java.util.ArrayList;
import java.util.List;

/**
 * Which sensor a packet is stored as: a registered sensor's token names its sensor, whatever the body says; only the
 * {@code default} token (INGESTION_TOKEN, shared by sensors the registry does not know) lets a body name its sensor.
 * Pure.
 */
public final class SensorAttribution {
  private SensorAttribution() {
  }

  public static List<Packet> attribute(List<Packet> packets, Sensor sensor) {
    if (sensor.isDefault()) return packets;
    List<Packet> named = new ArrayList<>(packets.size());
    for (Packet p : packets) named.add(attribute(p, sensor));
    return named;
  }

  public static Packet attribute(Packet p, Sensor sensor) {
    if (sensor.isDefault() || sensor.name().equals(p.sensor())) return p;
    return new Packet(p.srcIp(), p.dstIp(), p.protocol(), p.srcPort(), p.dstPort(), p.payloadLen(), p.ttl(),
        p.tcpFlags(), p.payloadHex(), p.pktRate(), p.capturedAtMicros(), sensor.name());
  }

  /** Capture time minus receipt time of the last packet that carried a ts, or null when none did. */
  public static Long clockSkewMillis(List<Packet> packets, long receivedAtMillis) {
    for (int i = packets.size() - 1; i >= 0; i--) {
      Long captured = packets.get(i).capturedAtMillis();
      if (captured != null) return captured - receivedAtMillis;
    }
    return null;
  }
}
