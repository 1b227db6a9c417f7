package io.netwatch.capture;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Telemetry to the ingest route's JSON array. Written by hand rather than through a JSON library: every
 * value is a number, an address, a protocol name or hex digits, except the sensor name, escaped once.
 */
public final class TelemetryJson {
  private final String sensorField;

  /** @param sensor the sensor's name, sent with every packet (null: not sent) */
  public TelemetryJson(String sensor) {
    this.sensorField = sensor == null ? "" : ",\"sensor\":" + quote(sensor);
  }

  public byte[] array(List<Telemetry> packets) {
    StringBuilder s = new StringBuilder(packets.size() * 260);
    s.append('[');
    for (int i = 0; i < packets.size(); i++) {
      if (i > 0) s.append(',');
      append(s, packets.get(i));
    }
    return s.append(']').toString().getBytes(StandardCharsets.UTF_8);
  }

  void append(StringBuilder s, Telemetry t) {
    s.append("{\"src_ip\":\"").append(t.srcIp())
        .append("\",\"dst_ip\":\"").append(t.dstIp())
        .append("\",\"protocol\":\"").append(t.protocol())
        .append("\",\"src_port\":").append(t.srcPort())
        .append(",\"dst_port\":").append(t.dstPort())
        .append(",\"payload_len\":").append(t.payloadLen())
        .append(",\"ttl\":").append(t.ttl())
        .append(",\"tcp_flags\":").append(t.tcpFlags())
        .append(",\"payload_hex\":\"").append(t.payloadHex())
        .append("\",\"pkt_rate\":").append(t.pktRate());
    if (t.tsMicros() != Frame.NO_TIME) s.append(",\"ts\":").append(t.tsMicros());
    s.append(sensorField).append('}');
  }

  /** A JSON string literal: quotes, backslashes and control characters escaped. */
  static String quote(String text) {
    StringBuilder s = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        s.append('\\').append(c);
      } else if (c < 0x20) {
        s.append(String.format("\\u%04x", (int) c));
      } else {
        s.append(c);
      }
    }
    return s.append('"').toString();
  }
}
