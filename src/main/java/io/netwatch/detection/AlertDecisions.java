package io.netwatch.detection;

import io.netwatch.model.Severity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a batch's tallies and the windows' counts into alert hits. Pure. */
final class AlertDecisions {
  private AlertDecisions() {
  }

  /**
   * A detector window's state after the batch was added, as Redis answered: the sliding estimates the
   * threshold is checked against, the episode's first event time, and its exact packets (this window's and
   * the previous one's) that an alert engaged now starts with.
   */
  record WindowCount(long packets, long distinct, long startMillis, long episodePackets) {
    /** A window under its threshold: nothing about it changes a decision. */
    static final WindowCount UNDER = new WindowCount(0, 0, Long.MAX_VALUE, 0);

    WindowCount(long packets, long distinct, long startMillis) {
      this(packets, distinct, startMillis, packets);
    }
  }

  /**
   * @param windows the tallies of detector windows, in the order of {@code counts}
   * @return a hit for every window over its threshold and every per-packet identity, at most one per identity
   *     (a batch straddling a window boundary has two tallies of one key, merged when both are over), sorted by
   *     identity so that two nodes upserting the same alerts lock them in the same order
   */
  static List<AlertHit> decide(List<Tally> windows, List<WindowCount> counts, List<Tally> packetAlerts,
      DetectionRules rules) {
    // Each window is judged by its own estimate only: a packet's window decides whether it counts, never the batch
    // it happened to arrive in (a key over its threshold in one window does not carry its packets of the next
    // window along), so a replay at any speed and batching engages the same alerts with the same counts.
    Map<String, AlertHit> byIdentity = new LinkedHashMap<>();
    for (int i = 0; i < windows.size(); i++) {
      Tally tally = windows.get(i);
      WindowCount count = counts.get(i);
      DetectionRules.Rule rule = rules.rule(Detector.fromLabel(tally.detector));
      if (!rule.over(count.packets(), count.distinct())) continue;
      Severity severity = tally.maxSeverity.compareTo(rule.severity()) > 0 ? tally.maxSeverity : rule.severity();
      AlertHit hit = new AlertHit(tally.detector, tally.key, List.of(), tally.srcIp, tally.dstIp, tally.dstPort,
          Math.min(count.startMillis(), tally.firstAt), tally.lastAt, count.episodePackets(), tally.packets,
          tally.maxScore, severity, rule.quietMs());
      byIdentity.merge(tally.detector + "\n" + tally.key, hit, AlertDecisions::merge);
    }
    List<AlertHit> hits = new ArrayList<>(byIdentity.values());
    for (Tally tally : packetAlerts) {
      hits.add(new AlertHit(AlertHit.PACKET, tally.key, tally.reasons, tally.srcIp, tally.dstIp, null, tally.firstAt,
          tally.lastAt, tally.packets, tally.packets, tally.maxScore, tally.maxSeverity, rules.packetAlerts().quietMs()));
    }
    hits.sort(Comparator.comparing(AlertHit::detector).thenComparing(AlertHit::key));
    return hits;
  }

  /** One key's hits in two adjacent windows, both over: the batch's packets add up, the episodes overlap (the larger). */
  private static AlertHit merge(AlertHit a, AlertHit b) {
    return new AlertHit(a.detector(), a.key(), a.reasons(), a.srcIp(), a.dstIp(), a.dstPort(),
        Math.min(a.firstSeenMillis(), b.firstSeenMillis()), Math.max(a.lastSeenMillis(), b.lastSeenMillis()),
        Math.max(a.engagePackets(), b.engagePackets()), a.batchPackets() + b.batchPackets(),
        Math.max(a.maxScore(), b.maxScore()), a.severity().compareTo(b.severity()) >= 0 ? a.severity() : b.severity(),
        a.quietMs());
  }
}
