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
  /** What a detector's window is keyed on; its Redis key text is built once per window, not per packet. */
  private record WindowId(Detector detector, String src, String dst, int port, long window) {
  }

  private record PacketAlertId(String src, String dst, List<String> reasons) {
  }

  private final Map<WindowId, Tally> windows = new LinkedHashMap<>();
  private final Map<PacketAlertId, Tally> packetAlerts = new LinkedHashMap<>();

  static BatchTally of(List<ScoredPacket> packets, DetectionRules rules) {
    BatchTally tally = new BatchTally();
    for (ScoredPacket packet : packets) tally.add(packet, rules);
    return tally;
  }

  private void add(ScoredPacket p, DetectionRules rules) {
    boolean synOnly = io.netwatch.model.Packet.synOnly(p.protocol(), p.tcpFlags());
    for (DetectionRules.Rule rule : rules.detectors().values()) {
      if (!rule.enabled() || (rule.detector().synOnly() && !synOnly)) continue;
      // Aligned to event time: the same packets fill the same windows whatever order they are read in.
      long w = Math.floorDiv(p.eventAtMillis(), rule.windowMs());
      Tally tally = switch (rule.detector()) {
        case SOURCE_FLOOD -> window(new WindowId(Detector.SOURCE_FLOOD, p.srcIp(), null, -1, w));
        case SYN_FLOOD -> window(new WindowId(Detector.SYN_FLOOD, null, p.dstIp(), -1, w));
        case PORT_SCAN -> window(new WindowId(Detector.PORT_SCAN, p.srcIp(), p.dstIp(), -1, w));
        case HOST_SWEEP -> window(new WindowId(Detector.HOST_SWEEP, p.srcIp(), null, p.dstPort(), w));
      };
      tally.add(p);
      if (rule.detector() == Detector.PORT_SCAN) tally.members.add(Integer.toString(p.dstPort()));
      if (rule.detector() == Detector.HOST_SWEEP) tally.members.add(p.dstIp());
    }
    DetectionRules.PacketAlerts packet = rules.packetAlerts();
    if (packet.enabled() && p.severity().compareTo(packet.minSeverity()) >= 0) {
      List<String> reasons = sorted(p.reasons());
      packetAlerts.computeIfAbsent(new PacketAlertId(p.srcIp(), p.dstIp(), reasons),
          id -> new Tally(AlertHit.PACKET, id.src() + ">" + id.dst() + "|" + String.join(",", reasons), id.src(),
              id.dst(), null, reasons)).add(p);
    }
  }

  private static List<String> sorted(List<String> reasons) {
    for (int i = 1; i < reasons.size(); i++) {
      if (reasons.get(i - 1).compareTo(reasons.get(i)) > 0) return reasons.stream().sorted().toList();
    }
    return reasons;
  }

  /** The window's tally; its key is the text Redis and the alerts table know it by (see {@link Detector}). */
  private Tally window(WindowId id) {
    return windows.computeIfAbsent(id, w -> {
      String key = switch (w.detector()) {
        case SOURCE_FLOOD -> w.src();
        case SYN_FLOOD -> w.dst();
        case PORT_SCAN -> w.src() + ">" + w.dst();
        case HOST_SWEEP -> w.src() + ">:" + w.port();
      };
      return new Tally(w.detector().label(), key, w.src(), w.dst(), w.detector() == Detector.HOST_SWEEP ? w.port() : null,
          List.of(), w.window());
    });
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
