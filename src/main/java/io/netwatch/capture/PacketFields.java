package io.netwatch.capture;

import java.nio.charset.StandardCharsets;

/**
 * One packet's telemetry, filled by {@link PacketDecoder} and written out by {@link TelemetryJson}: one object
 * reused for every packet of a capture, its texts kept as ASCII bytes, so that a packet costs no allocation.
 * Valid until the next decode.
 */
final class PacketFields {
  final byte[] srcIp = new byte[AddressText.MAX_LENGTH];
  int srcIpLength;
  final byte[] dstIp = new byte[AddressText.MAX_LENGTH];
  int dstIpLength;
  /** A shared constant: never written to. */
  byte[] protocol;
  int srcPort;
  int dstPort;
  int payloadLen;
  int ttl;
  int tcpFlags;
  /** Lower-case hex digits, two per payload byte sent. */
  byte[] payloadHex;
  int payloadHexLength;
  long pktRate;
  long tsMicros;

  PacketFields(int payloadBytes) {
    payloadHex = new byte[2 * payloadBytes];
  }

  Telemetry toTelemetry() {
    return new Telemetry(text(srcIp, srcIpLength), text(dstIp, dstIpLength), text(protocol, protocol.length), srcPort,
        dstPort, payloadLen, ttl, tcpFlags, text(payloadHex, payloadHexLength), pktRate, tsMicros);
  }

  /** The same packet as a record (tests and callers that hold telemetry as values). */
  PacketFields set(Telemetry t) {
    srcIpLength = ascii(t.srcIp(), srcIp);
    dstIpLength = ascii(t.dstIp(), dstIp);
    protocol = t.protocol().getBytes(StandardCharsets.US_ASCII);
    srcPort = t.srcPort();
    dstPort = t.dstPort();
    payloadLen = t.payloadLen();
    ttl = t.ttl();
    tcpFlags = t.tcpFlags();
    if (t.payloadHex().length() > payloadHex.length) payloadHex = new byte[t.payloadHex().length()];
    payloadHexLength = ascii(t.payloadHex(), payloadHex);
    pktRate = t.pktRate();
    tsMicros = t.tsMicros();
    return this;
  }

  private static String text(byte[] ascii, int length) {
    return new String(ascii, 0, length, StandardCharsets.US_ASCII);
  }

  private static int ascii(String text, byte[] into) {
    if (text.length() > into.length) throw new IllegalArgumentException("longer than an address: " + text);
    for (int i = 0; i < text.length(); i++) into[i] = (byte) text.charAt(i);
    return text.length();
  }
}
