package io.netwatch.scoring;

import io.netwatch.model.Anomaly;
import io.netwatch.model.Packet;
import io.netwatch.model.Severity;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Applies the scoring table to one packet. Sums are decimal, so 0.30 + 0.25 + 0.20 is exactly 0.75. */
public final class PacketScorer {
  private final ScoringRules rules;

  public PacketScorer(ScoringRules rules) {
    this.rules = rules;
  }

  public Anomaly score(String streamId, Packet packet, long receivedAtMillis) {
    double entropy = Entropy.bitsPerByte(Entropy.fromHex(packet.payloadHex()));
    List<String> reasons = new ArrayList<>(Signal.values().length);
    BigDecimal sum = BigDecimal.ZERO;
    for (Signal signal : Signal.values()) {
      if (fires(signal, packet, entropy)) {
        reasons.add(signal.reason());
        sum = sum.add(rules.weight(signal));
      }
    }
    BigDecimal score = sum.min(BigDecimal.ONE);
    return new Anomaly(streamId, packet, entropy, score.doubleValue(), Severity.of(score), List.copyOf(reasons),
        receivedAtMillis);
  }

  private boolean fires(Signal signal, Packet p, double entropy) {
    return switch (signal) {
      case SUSPICIOUS_PORT -> rules.suspiciousPorts().contains(p.dstPort());
      case SYN_ONLY -> p.synOnly();
      case HIGH_ENTROPY -> entropy > rules.entropyThreshold();
      case HIGH_RATE -> p.pktRate() > rules.rateThreshold();
      case ABNORMAL_TTL -> p.ttl() != null && (p.ttl() < rules.lowTtlBelow() || p.ttl() == rules.abnormalTtl());
      case OVERSIZED_PAYLOAD -> p.payloadLen() > rules.oversizedPayloadAbove();
    };
  }
}
