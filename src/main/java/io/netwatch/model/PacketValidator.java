package io.netwatch.model;

import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Checks one decoded JSON packet against the ingest contract and builds a {@link Packet}.
 * Pure: no I/O, and IP addresses are parsed as literals, never resolved.
 */
public final class PacketValidator {
  public static final int DEFAULT_MAX_PAYLOAD_HEX = 65_536;
  private static final int MAX_PROTOCOL_LENGTH = 32;

  private final int maxPayloadHex;
  /** How far ahead of {@link #clockMillis} a ts may be, in microseconds; Long.MAX_VALUE: no bound. */
  private final long maxSkewMicros;
  private final LongSupplier clockMillis;

  /**
   * A validator for packets already accepted once (stream entries, external results): a ts is checked for its
   * form and the year 2000 only, since the clock that judged its skew at ingest may not be this node's.
   */
  public PacketValidator(int maxPayloadHex) {
    this(maxPayloadHex, -1, System::currentTimeMillis);
  }

  /**
   * The ingest route's validator: a ts more than {@code maxClockSkewSeconds} ahead of {@code clockMillis} is
   * refused (a negative value: no bound).
   */
  public PacketValidator(int maxPayloadHex, long maxClockSkewSeconds, LongSupplier clockMillis) {
    this.maxPayloadHex = maxPayloadHex;
    this.maxSkewMicros = maxClockSkewSeconds < 0 ? Long.MAX_VALUE : maxClockSkewSeconds * 1_000_000L;
    this.clockMillis = clockMillis;
  }

  public PacketValidator() {
    this(DEFAULT_MAX_PAYLOAD_HEX);
  }

  public Packet validate(Map<String, Object> json) {
    return new Packet(
        ipAddress(json, "src_ip"),
        ipAddress(json, "dst_ip"),
        protocol(json),
        intInRange(json, "src_port", 0, 65_535),
        intInRange(json, "dst_port", 0, 65_535),
        intInRange(json, "payload_len", 0, Integer.MAX_VALUE),
        optionalIntInRange(json, "ttl", 0, 255),
        intInRange(json, "tcp_flags", 0, 255),
        payloadHex(json),
        packetRate(json),
        capturedAt(json.get("ts")),
        sensor(json.get("sensor")));
  }

  /** Absent on most packets: then no clock is read and nothing is parsed. */
  private Long capturedAt(Object ts) {
    return ts == null ? null : CaptureFields.timestamp(ts, clockMillis.getAsLong(), maxSkewMicros);
  }

  private static String sensor(Object sensor) {
    return sensor == null ? null : CaptureFields.sensor(sensor);
  }

  private static String requiredString(Map<String, Object> json, String field) {
    Object value = json.get(field);
    if (value == null) throw new InvalidPacketException(field, field + " is required");
    if (!(value instanceof String s)) throw new InvalidPacketException(field, field + " must be a string");
    return s;
  }

  static String ipAddress(Map<String, Object> json, String field) {
    return ipLiteral(requiredString(json, field), field);
  }

  /** Normalises an IPv4 or IPv6 literal, never resolving a name; the exception names {@code field}. */
  public static String ipLiteral(String text, String field) {
    // NetUtil only parses literals; zone ids and brackets are not addresses PostgreSQL's inet accepts.
    if (text.length() > 45 || text.indexOf('%') >= 0 || text.indexOf('[') >= 0) {
      throw new InvalidPacketException(field, field + " must be an IPv4 or IPv6 address literal");
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
    if (bytes == null) {
      throw new InvalidPacketException(field, field + " must be an IPv4 or IPv6 address literal");
    }
    if (bytes.length == 4 && text.indexOf(':') < 0) {
      return text.equals(canonicalIpv4(bytes)) ? text : canonicalIpv4(bytes);
    }
    try {
      // getByAddress never does a DNS lookup; it gives the canonical textual form.
      return InetAddress.getByAddress(bytes).getHostAddress();
    } catch (UnknownHostException impossible) {
      throw new InvalidPacketException(field, field + " must be an IPv4 or IPv6 address literal");
    }
  }

  private static String canonicalIpv4(byte[] b) {
    return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
  }

  private static String protocol(Map<String, Object> json) {
    String protocol = requiredString(json, "protocol").strip();
    if (protocol.isEmpty()) throw new InvalidPacketException("protocol", "protocol must not be empty");
    if (protocol.length() > MAX_PROTOCOL_LENGTH) {
      throw new InvalidPacketException("protocol", "protocol must be at most " + MAX_PROTOCOL_LENGTH + " characters");
    }
    for (int i = 0; i < protocol.length(); i++) {
      if (Character.isISOControl(protocol.charAt(i))) {
        throw new InvalidPacketException("protocol", "protocol must not contain control characters");
      }
    }
    return protocol;
  }

  /** The field's value, or null when it was not sent (absent or JSON null). */
  static Integer optionalIntInRange(Map<String, Object> json, String field, int min, int max) {
    return json.get(field) == null ? null : intInRange(json, field, min, max);
  }

  static int intInRange(Map<String, Object> json, String field, int min, int max) {
    Object value = json.get(field);
    if (value == null) return 0;
    if (!(value instanceof Number n)) throw new InvalidPacketException(field, field + " must be an integer");
    double d = n.doubleValue();
    long whole = n.longValue();
    boolean integral = (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte)
        || (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 1e15);
    if (!integral) throw new InvalidPacketException(field, field + " must be an integer");
    if (Math.abs(d) >= 1e15) whole = d > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    if (whole < min || whole > max) {
      throw new InvalidPacketException(field, field + " must be between " + min + " and " + max);
    }
    return (int) whole;
  }

  private String payloadHex(Map<String, Object> json) {
    Object value = json.get("payload_hex");
    if (value == null) return "";
    if (!(value instanceof String hex)) throw new InvalidPacketException("payload_hex", "payload_hex must be a string");
    if (hex.length() > maxPayloadHex) {
      throw new InvalidPacketException("payload_hex", "payload_hex must be at most " + maxPayloadHex + " hex digits");
    }
    if ((hex.length() & 1) != 0) {
      throw new InvalidPacketException("payload_hex", "payload_hex must have an even number of hex digits");
    }
    for (int i = 0; i < hex.length(); i++) {
      if (!isHexDigit(hex.charAt(i))) {
        throw new InvalidPacketException("payload_hex", "payload_hex must contain only hex digits");
      }
    }
    return hex;
  }

  private static boolean isHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static double packetRate(Map<String, Object> json) {
    Object value = json.get("pkt_rate");
    if (value == null) return 0;
    if (!(value instanceof Number n)) throw new InvalidPacketException("pkt_rate", "pkt_rate must be a number");
    double rate = n.doubleValue();
    if (!Double.isFinite(rate) || rate < 0) {
      throw new InvalidPacketException("pkt_rate", "pkt_rate must be a finite number >= 0");
    }
    return rate;
  }
}
