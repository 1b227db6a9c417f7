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
  private static final int TCP_FIN = 0x01;
  private static final int TCP_SYN = 0x02;
  private static final int TCP_RST = 0x04;
  private static final int TCP_ACK = 0x10;

  /** A TCP packet opening a connection: SYN set, no ACK, FIN or RST (what scans and SYN floods send). */
  public static boolean synOnly(String protocol, int tcpFlags) {
    return "TCP".equalsIgnoreCase(protocol)
        && (tcpFlags & TCP_SYN) != 0
        && (tcpFlags & (TCP_ACK | TCP_FIN | TCP_RST)) == 0;
  }

  public boolean synOnly() {
    return synOnly(protocol, tcpFlags);
  }
}
