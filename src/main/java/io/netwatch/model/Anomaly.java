package io.netwatch.model;

import java.util.List;

/** A scored packet: what the scorers produce and persistence stores, one row per stream entry. */
public record Anomaly(
    String streamId,
    Packet packet,
    double entropy,
    double score,
    Severity severity,
    List<String> reasons,
    long receivedAtMillis) {

  /**
   * When the packet happened, epoch milliseconds: its capture time when the sensor sent one, else when ingest
   * received it (which is event time for a sensor posting live). Detection counts by this.
   */
  public long eventTimeMillis() {
    Long captured = packet.capturedAtMillis();
    return captured != null ? captured : receivedAtMillis;
  }
}
