package io.netwatch.capture;

/**
 * One packet as the ingest contract names its fields. {@code ttl} is the hop limit for IPv6;
 * {@code payloadLen} the transport payload's length on the wire; {@code tsMicros} the capture time
 * ({@link Frame#NO_TIME} when the capture had none).
 */
public record Telemetry(String srcIp, String dstIp, String protocol, int srcPort, int dstPort, int payloadLen,
    int ttl, int tcpFlags, String payloadHex, long pktRate, long tsMicros) {

  public Telemetry withRate(long rate) {
    return new Telemetry(srcIp, dstIp, protocol, srcPort, dstPort, payloadLen, ttl, tcpFlags, payloadHex, rate, tsMicros);
  }
}
