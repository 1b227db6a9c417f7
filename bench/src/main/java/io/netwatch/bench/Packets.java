package io.netwatch.bench;

import io.vertx.core.buffer.Buffer;

/** Request bodies: the old design's seed packet, with src_port varied a little so rows are not all identical. */
final class Packets {
  /** The seed example; {@code %d} is src_port (51234 in the seed). */
  static final String SEED = "{\"src_ip\":\"10.0.0.5\",\"dst_ip\":\"192.168.1.10\",\"protocol\":\"TCP\","
      + "\"src_port\":%d,\"dst_port\":4444,\"payload_len\":512,\"ttl\":64,\"tcp_flags\":2,"
      + "\"payload_hex\":\"deadbeef\",\"pkt_rate\":15000}";
  private static final int VARIANTS = 64;

  private Packets() {
  }

  static String packet(int srcPort) {
    return SEED.formatted(srcPort);
  }

  /** {@value #VARIANTS} bodies to rotate through: one packet each, or JSON arrays of {@code batch} packets. */
  static Buffer[] bodies(int batch) {
    Buffer[] bodies = new Buffer[VARIANTS];
    for (int v = 0; v < VARIANTS; v++) {
      if (batch <= 1) {
        bodies[v] = Buffer.buffer(packet(51234 + v));
      } else {
        StringBuilder b = new StringBuilder(batch * 200).append('[');
        for (int i = 0; i < batch; i++) {
          if (i > 0) b.append(',');
          b.append(packet(1024 + (v * batch + i) % 64000));
        }
        bodies[v] = Buffer.buffer(b.append(']').toString());
      }
    }
    return bodies;
  }

  /**
   * A batch of mixed traffic for the detection figure: {@code batch} packets from 50 sources to 20 hosts on
   * 8 ports, a third of them SYNs, the rest established (ACK) traffic, a few with a suspicious port; so each
   * batch touches many detector keys, as real traffic does, rather than the one key of the seed packet.
   */
  static String mixed(int batch) {
    int[] ports = {22, 53, 80, 443, 3306, 4444, 5432, 8080};
    StringBuilder b = new StringBuilder(batch * 200).append('[');
    for (int i = 0; i < batch; i++) {
      if (i > 0) b.append(',');
      b.append("{\"src_ip\":\"10.20.").append(i % 50 / 10).append('.').append(i % 50).append("\",")
          .append("\"dst_ip\":\"10.30.0.").append(i % 20).append("\",\"protocol\":\"TCP\",")
          .append("\"src_port\":").append(40000 + i).append(",\"dst_port\":").append(ports[i % ports.length])
          .append(",\"payload_len\":").append(i % 3 == 0 ? 0 : 200).append(",\"ttl\":64,")
          .append("\"tcp_flags\":").append(i % 3 == 0 ? 2 : 0x18).append(",\"payload_hex\":\"")
          .append(i % 3 == 0 ? "" : "48656c6c6f").append("\",\"pkt_rate\":").append(i % 7 == 0 ? 20000 : 50)
          .append('}');
    }
    return b.append(']').toString();
  }
}
