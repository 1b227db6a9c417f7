package io.netwatch.capture;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Telemetry to the ingest route's JSON array. Written by hand, straight into bytes, rather than through a JSON
 * library: every value is a number, an address, a protocol name or hex digits (all ASCII), except the sensor
 * name, escaped and encoded once.
 */
public final class TelemetryJson {
  /** Ingest refuses a {@code ts} before 2000 and more than its MAX_CLOCK_SKEW_S (default 300 s) ahead. */
  static final long YEAR_2000_MICROS = 946_684_800_000_000L;
  static final long MAX_AHEAD_MICROS = 300_000_000L;

  /** Already UTF-8: the only field that may hold other than ASCII. */
  private final byte[] sensorField;
  private final LongSupplier nowMicros;
  private final AtomicLong timesLeftOut = new AtomicLong();
  private long latestAcceptable = Long.MAX_VALUE;

  /** @param sensor the sensor's name, sent with every packet (null: not sent) */
  public TelemetryJson(String sensor) {
    this(sensor, () -> System.currentTimeMillis() * 1000);
  }

  /**
   * @param nowMicros the clock that decides which capture times ingest would refuse as in the future: such a
   *     time, or one before 2000, is left out (ingest then uses its receipt time) rather than have ingest
   *     refuse the whole batch
   */
  public TelemetryJson(String sensor, LongSupplier nowMicros) {
    this.sensorField = (sensor == null ? "" : ",\"sensor\":" + quote(sensor)).getBytes(StandardCharsets.UTF_8);
    this.nowMicros = nowMicros;
  }

  /** Packets whose capture time was left out as one ingest would refuse. */
  public long timesLeftOut() {
    return timesLeftOut.get();
  }

  public byte[] array(List<Telemetry> packets) {
    latestAcceptable = nowMicros.getAsLong() + MAX_AHEAD_MICROS;
    AsciiBuffer out = new AsciiBuffer(packets.size() * 260);
    out.append('[');
    for (int i = 0; i < packets.size(); i++) {
      if (i > 0) out.append(',');
      append(out, packets.get(i));
    }
    return out.append(']').toByteArray();
  }

  private void append(AsciiBuffer out, Telemetry t) {
    out.append("{\"src_ip\":\"").append(t.srcIp())
        .append("\",\"dst_ip\":\"").append(t.dstIp())
        .append("\",\"protocol\":\"").append(t.protocol())
        .append("\",\"src_port\":").append(t.srcPort())
        .append(",\"dst_port\":").append(t.dstPort())
        .append(",\"payload_len\":").append(t.payloadLen())
        .append(",\"ttl\":").append(t.ttl())
        .append(",\"tcp_flags\":").append(t.tcpFlags())
        .append(",\"payload_hex\":\"").append(t.payloadHex())
        .append("\",\"pkt_rate\":").append(t.pktRate());
    long ts = t.tsMicros();
    if (ts != Frame.NO_TIME) {
      if (ts >= YEAR_2000_MICROS && ts <= latestAcceptable) {
        out.append(",\"ts\":").append(ts);
      } else {
        timesLeftOut.incrementAndGet();
      }
    }
    out.append(sensorField).append('}');
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
