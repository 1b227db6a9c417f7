package io.netwatch.detection;

import io.netwatch.model.Severity;

import java.util.List;

/**
 * One identity's share of a batch, to engage its alert or refresh the engaged one.
 *
 * @param engagePackets the packet count of a newly engaged alert (for a detector, its whole window so far)
 * @param batchPackets  what this batch adds to an alert already engaged
 */
public record AlertHit(String detector, String key, List<String> reasons, String srcIp, String dstIp, Integer dstPort,
    long firstSeenMillis, long lastSeenMillis, long engagePackets, long batchPackets, double maxScore,
    Severity severity, long quietMs) {

  /** The detector name of alerts engaged by per-packet scores. */
  public static final String PACKET = "packet";
}
