package io.netwatch.detection;

import io.netwatch.model.Severity;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one batch adds to one identity: a detector's window key in one event-time window, or a per-packet
 * alert's (source, destination, reasons). Mutable while a batch is tallied, then read.
 */
final class Tally {
  final String detector;
  final String key;
  final String srcIp;
  final String dstIp;
  final Integer dstPort;
  /** A per-packet alert's reason set, sorted; empty for a detector window. */
  final List<String> reasons;
  /** The event-time window index (floor(event time / window)) of a detector's tally; 0 for a per-packet alert. */
  final long window;
  /** Distinct values seen in this batch (ports or hosts), for distinct-count detectors. */
  final Set<String> members = new LinkedHashSet<>();
  long packets;
  double maxScore;
  Severity maxSeverity = Severity.LOW;
  long firstAt = Long.MAX_VALUE;
  long lastAt = Long.MIN_VALUE;

  Tally(String detector, String key, String srcIp, String dstIp, Integer dstPort, List<String> reasons) {
    this(detector, key, srcIp, dstIp, dstPort, reasons, 0);
  }

  Tally(String detector, String key, String srcIp, String dstIp, Integer dstPort, List<String> reasons, long window) {
    this.window = window;
    this.detector = detector;
    this.key = key;
    this.srcIp = srcIp;
    this.dstIp = dstIp;
    this.dstPort = dstPort;
    this.reasons = reasons;
  }

  void add(ScoredPacket packet) {
    packets++;
    maxScore = Math.max(maxScore, packet.score());
    if (packet.severity().compareTo(maxSeverity) > 0) maxSeverity = packet.severity();
    firstAt = Math.min(firstAt, packet.eventAtMillis());
    lastAt = Math.max(lastAt, packet.eventAtMillis());
  }
}
