package io.netwatch.detection;

import io.netwatch.alerts.SuppressionRule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The operators' suppression rules as this node last loaded them, applied to a batch's alert hits: a hit a
 * rule matches engages and refreshes nothing (its packets are stored and counted all the same), and counts
 * as a hit of that rule. An expired rule matches nothing from the moment it expires, so matching traffic
 * engages alerts again without anyone reloading anything. Pure; bounded by the number of rules.
 */
final class Silences {
  private List<SuppressionRule> rules = List.of();
  private Map<Long, Long> hits = new HashMap<>();
  private long silenced;

  void replace(List<SuppressionRule> active) {
    rules = List.copyOf(active);
  }

  int size() {
    return rules.size();
  }

  /** The hits no rule matches; the others are counted against the first rule that matches them. */
  List<AlertHit> unsilenced(List<AlertHit> candidates, long nowMillis) {
    if (rules.isEmpty()) return candidates;
    List<AlertHit> kept = new ArrayList<>(candidates.size());
    for (AlertHit hit : candidates) {
      SuppressionRule rule = matching(hit, nowMillis);
      if (rule == null) {
        kept.add(hit);
      } else {
        hits.merge(rule.id(), hit.batchPackets(), Long::sum);
        silenced++;
      }
    }
    return kept;
  }

  private SuppressionRule matching(AlertHit hit, long nowMillis) {
    for (SuppressionRule rule : rules) {
      if (rule.matches(hit.detector(), hit.reasons(), hit.srcIp(), hit.dstIp(), hit.dstPort(), nowMillis)) return rule;
    }
    return null;
  }

  /** Packets silenced per rule id since the last call. */
  Map<Long, Long> drainHits() {
    Map<Long, Long> drained = hits;
    hits = new HashMap<>();
    return drained;
  }

  /** Puts back hits that could not be recorded (still bounded: one entry per rule id). */
  void restoreHits(Map<Long, Long> unrecorded) {
    unrecorded.forEach((id, n) -> hits.merge(id, n, Long::sum));
  }

  /** Alert hits silenced since the last call. */
  long drainSilenced() {
    long n = silenced;
    silenced = 0;
    return n;
  }
}
