package io.netwatch.detection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups a batch of scored packets by what the detectors count: one {@link Tally} per window key of each
 * enabled detector, and one per per-packet alert identity. Its size is bounded by the batch's.
 */
final class BatchTally {
  private final Map<String, Tally> windows = new LinkedHashMap<>();
  private final Map<String, Tally> packetAlerts = new LinkedHashMap<>();

  static BatchTally of(List<ScoredPacket> packets, DetectionRules rules) {
    BatchTally tally = new BatchTally();
    for (ScoredPacket packet : packets) tally.add(packet, rules);
    return tally;
  }

  private void add(ScoredPacket p, DetectionRules rules) {
    boolean synOnly = io.netwatch.model.Packet.synOnly(p.protocol(), p.tcpFlags());
    for (DetectionRules.Rule rule : rules.detectors().values()) {
      if (!rule.enabled() || (rule.detector().synOnly() && !synOnly)) continue;
      Tally tally = switch (rule.detector()) {
        case SOURCE_FLOOD -> window(rule.detector(), p.srcIp(), p.srcIp(), null, null);
        case SYN_FLOOD -> window(rule.detector(), p.dstIp(), null, p.dstIp(), null);
        case PORT_SCAN -> window(rule.detector(), p.srcIp() + ">" + p.dstIp(), p.srcIp(), p.dstIp(), null);
        case HOST_SWEEP -> window(rule.detector(), p.srcIp() + ">:" + p.dstPort(), p.srcIp(), null, p.dstPort());
      };
      tally.add(p);
      if (rule.detector() == Detector.PORT_SCAN) tally.members.add(Integer.toString(p.dstPort()));
      if (rule.detector() == Detector.HOST_SWEEP) tally.members.add(p.dstIp());
    }
    DetectionRules.PacketAlerts packet = rules.packetAlerts();
    if (packet.enabled() && p.severity().compareTo(packet.minSeverity()) >= 0) {
      List<String> reasons = p.reasons().stream().sorted().toList();
      String key = p.srcIp() + ">" + p.dstIp() + "|" + String.join(",", reasons);
      packetAlerts.computeIfAbsent(key, k -> new Tally(AlertHit.PACKET, k, p.srcIp(), p.dstIp(), null, reasons)).add(p);
    }
  }

  private Tally window(Detector detector, String key, String src, String dst, Integer port) {
    return windows.computeIfAbsent(detector.label() + ":" + key,
        k -> new Tally(detector.label(), key, src, dst, port, List.of()));
  }

  /** The detectors' window keys touched by the batch, in first-seen order. */
  Collection<Tally> windows() {
    return windows.values();
  }

  /** Per-packet alert identities of the batch. */
  List<Tally> packetAlerts() {
    return new ArrayList<>(packetAlerts.values());
  }
}
