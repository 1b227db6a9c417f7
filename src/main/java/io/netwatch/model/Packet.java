package io.netwatch.model;

/**
 * One validated packet of sensor telemetry, as the ingest contract defines it.
 * IP addresses are kept in their normalised literal form.
 */
public record Packet(
    String srcIp,
    String dstIp,
    String protocol,
    int srcPort,
    int dstPort,
    int payloadLen,
    int ttl,
    int tcpFlags,
    String payloadHex,
    double pktRate) {
}
