package io.netwatch.model;

/**
 * One validated packet of sensor telemetry, as the ingest contract defines it.
 * IP addresses are kept in their normalised literal form. {@code ttl} is null when the sensor did not
 * send it: no signal may fire on a value nobody measured (0 would read as an abnormal TTL).
 */
public record Packet(
    String srcIp,
    String dstIp,
    String protocol,
    int srcPort,
    int dstPort,
    int payloadLen,
    Integer ttl,
    int tcpFlags,
    String payloadHex,
    double pktRate) {
}
