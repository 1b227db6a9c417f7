package io.netwatch.model;

/**
 * One validated packet of sensor telemetry, as the ingest contract defines it.
 * IP addresses are kept in their normalised literal form. {@code ttl} is null when the sensor did not
 * send it: no signal may fire on a value nobody measured (0 would read as an abnormal TTL).
 * {@code capturedAtMicros} (the sensor's {@code ts}, epoch microseconds) and {@code sensor} (its name) are null
 * when not sent.
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
    double pktRate,
    Long capturedAtMicros,
    String sensor) {
  private static final int TCP_FIN = 0x01;
  private static final int TCP_SYN = 0x02;
  private static final int TCP_RST = 0x04;
  private static final int TCP_ACK = 0x10;

  /** A packet without capture time or sensor name, as sensors sent them before either existed. */
  @SuppressWarnings("java:S107") // one parameter per field of the contract
  public Packet(String srcIp, String dstIp, String protocol, int srcPort, int dstPort, int payloadLen, Integer ttl,
      int tcpFlags, String payloadHex, double pktRate) {
    this(srcIp, dstIp, protocol, srcPort, dstPort, payloadLen, ttl, tcpFlags, payloadHex, pktRate, null, null);
  }

  /** The capture time in epoch milliseconds (rounded down), or null when the sensor sent none. */
  public Long capturedAtMillis() {
    return capturedAtMicros == null ? null : Math.floorDiv(capturedAtMicros, 1000L);
  }

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
