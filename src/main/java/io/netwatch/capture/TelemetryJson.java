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
  // Each field's name and punctuation, encoded once.
  private static final byte[] SRC_IP = ascii("{\"src_ip\":\"");
  private static final byte[] DST_IP = ascii("\",\"dst_ip\":\"");
  private static final byte[] PROTOCOL = ascii("\",\"protocol\":\"");
  private static final byte[] SRC_PORT = ascii("\",\"src_port\":");
  private static final byte[] DST_PORT = ascii(",\"dst_port\":");
  private static final byte[] PAYLOAD_LEN = ascii(",\"payload_len\":");
  private static final byte[] TTL = ascii(",\"ttl\":");
  private static final byte[] TCP_FLAGS = ascii(",\"tcp_flags\":");
  private static final byte[] PAYLOAD_HEX = ascii(",\"payload_hex\":\"");
  private static final byte[] PKT_RATE = ascii("\",\"pkt_rate\":");
  private static final byte[] TS = ascii(",\"ts\":");


  /** Already UTF-8: the only field that may hold other than ASCII. */
  private final byte[] sensorField;
  private final LongSupplier nowMicros;
  private final AtomicLong timesLeftOut = new AtomicLong();
  private long latestAcceptable = Long.MIN_VALUE;
  /** The capture second of the last time written (in microseconds) and its digits. */
  private long secondStart = -1_000_000;
  private byte[] secondDigits;
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
    AsciiBuffer out = new AsciiBuffer(packets.size() * 260);
    out.append('[');
    for (int i = 0; i < packets.size(); i++) {
      if (i > 0) out.append(',');
      append(out, new PacketFields(0).set(packets.get(i)));
    }
    return out.append(']').toByteArray();
  }

  /** Appends one packet's JSON object. */
  void append(AsciiBuffer out, PacketFields p) {
    out.append(SRC_IP).append(p.srcIp, p.srcIpLength)
        .append(DST_IP).append(p.dstIp, p.dstIpLength)
        .append(PROTOCOL).append(p.protocol)
        .append(SRC_PORT).append(p.srcPort)
        .append(DST_PORT).append(p.dstPort)
        .append(PAYLOAD_LEN).append(p.payloadLen)
        .append(TTL).append(p.ttl)
        .append(TCP_FLAGS).append(p.tcpFlags)
        .append(PAYLOAD_HEX).append(p.payloadHex, p.payloadHexLength)
        .append(PKT_RATE).append(p.pktRate);
    long ts = p.tsMicros;
    if (ts != Frame.NO_TIME) {
      if (acceptable(ts)) {
        appendTime(out.append(TS), ts);
      } else {
        timesLeftOut.incrementAndGet();
      }
    }
    out.append(sensorField).append('}');
  }

  /**
   * Whether ingest would take the time. The clock is read only when a time passes the bound it last gave:
   * once per capture rather than once per batch, and always for a time that the current clock might refuse.
   */
  private boolean acceptable(long ts) {
    if (ts < YEAR_2000_MICROS) return false;
    if (ts > latestAcceptable) latestAcceptable = nowMicros.getAsLong() + MAX_AHEAD_MICROS;
    return ts <= latestAcceptable;
  }

  /** The seconds' digits change once a second of capture time: kept from packet to packet, only the microseconds written. */
  private void appendTime(AsciiBuffer out, long ts) {
    long micros = ts - secondStart;
    if (micros < 0 || micros >= 1_000_000) {
      long seconds = ts / 1_000_000;
      secondStart = seconds * 1_000_000;
      micros = ts - secondStart;
      secondDigits = Long.toString(seconds).getBytes(StandardCharsets.US_ASCII);
    }
    out.append(secondDigits).appendSixDigits((int) micros);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
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
