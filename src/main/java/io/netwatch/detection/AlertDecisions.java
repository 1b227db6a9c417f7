package io.netwatch.detection;

import io.netwatch.model.Severity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Turns a batch's tallies and the windows' counts into alert hits. Pure. */
final class AlertDecisions {
  private AlertDecisions() {
  }

  /** A detector window's state after the batch was added, as Redis answered. */
  record WindowCount(long packets, long distinct, long startMillis) {
  }

  /**
   * @param windows the tallies of detector windows, in the order of {@code counts}
   * @return a hit for every window over its threshold and every per-packet identity, sorted by identity so
   *     that two nodes upserting the same alerts lock them in the same order
   */
  static List<AlertHit> decide(List<Tally> windows, List<WindowCount> counts, List<Tally> packetAlerts,
      DetectionRules rules) {
    List<AlertHit> hits = new ArrayList<>();
    for (int i = 0; i < windows.size(); i++) {
      Tally tally = windows.get(i);
      WindowCount count = counts.get(i);
      DetectionRules.Rule rule = rules.rule(Detector.fromLabel(tally.detector));
      if (!rule.over(count.packets(), count.distinct())) continue;
      Severity severity = tally.maxSeverity.compareTo(rule.severity()) > 0 ? tally.maxSeverity : rule.severity();
      hits.add(new AlertHit(tally.detector, tally.key, List.of(), tally.srcIp, tally.dstIp, tally.dstPort,
          Math.min(count.startMillis(), tally.firstAt), tally.lastAt, count.packets(), tally.packets, tally.maxScore,
          severity, rule.quietMs()));
    }
    for (Tally tally : packetAlerts) {
      hits.add(new AlertHit(AlertHit.PACKET, tally.key, tally.reasons, tally.srcIp, tally.dstIp, null, tally.firstAt,
          tally.lastAt, tally.packets, tally.packets, tally.maxScore, tally.maxSeverity, rules.packetAlerts().quietMs()));
    }
    hits.sort(Comparator.comparing(AlertHit::detector).thenComparing(AlertHit::key));
    return hits;
  }
}
