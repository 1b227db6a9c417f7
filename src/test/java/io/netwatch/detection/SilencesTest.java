package io.netwatch.detection;

import io.netwatch.alerts.SuppressionRule;
import io.netwatch.model.Severity;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Silences: suppression rules applied to a batch's alert hits, counted, until they expire")
class SilencesTest {
  static AlertHit scan(String src, long packets) {
    return new AlertHit("port_scan", src + ">10.0.0.2", List.of(), src, "10.0.0.2", null, 0, 0, packets, packets, 0.25,
        Severity.HIGH, 600_000);
  }

  static AlertHit packetAlert(String src) {
    return new AlertHit(AlertHit.PACKET, src + ">10.0.0.2|suspicious_port,syn_only", List.of("suspicious_port", "syn_only"),
        src, "10.0.0.2", null, 0, 0, 1, 1, 0.55, Severity.HIGH, 60_000);
  }

  @Test
  @DisplayName("a matching rule silences the hit and counts its packets; the rest go through")
  void silences() {
    Silences silences = new Silences();
    silences.replace(List.of(SuppressionRule.parse(7, "port_scan", "10.1.0.0/16", null, null, null)));
    List<AlertHit> kept = silences.unsilenced(List.of(scan("10.1.2.3", 20), scan("10.2.0.1", 20),
        packetAlert("10.1.2.3")), 1_000);
    assertThat(kept).extracting(AlertHit::srcIp).containsExactly("10.2.0.1", "10.1.2.3");
    assertThat(kept.get(1).detector()).isEqualTo(AlertHit.PACKET);
    assertThat(silences.drainHits()).isEqualTo(Map.of(7L, 20L));
    assertThat(silences.drainSilenced()).isEqualTo(1);
    assertThat(silences.drainHits()).isEmpty();
  }

  @Test
  @DisplayName("a rule on a reason silences per-packet alerts with that reason; an expired rule silences nothing")
  void reasonsAndExpiry() {
    Silences silences = new Silences();
    silences.replace(List.of(SuppressionRule.parse(1, "syn_only", null, null, null, null),
        SuppressionRule.parse(2, null, "10.2.0.1", null, null, 5_000L)));
    assertThat(silences.unsilenced(List.of(packetAlert("10.9.9.9")), 1_000)).isEmpty();
    assertThat(silences.unsilenced(List.of(scan("10.2.0.1", 3)), 4_999)).isEmpty();
    assertThat(silences.unsilenced(List.of(scan("10.2.0.1", 3)), 5_000)).hasSize(1);
    assertThat(silences.drainHits()).isEqualTo(Map.of(1L, 1L, 2L, 3L));
  }

  @Test
  @DisplayName("hits that could not be recorded are kept for the next flush")
  void restore() {
    Silences silences = new Silences();
    silences.replace(List.of(SuppressionRule.parse(3, "port_scan", null, null, null, null)));
    silences.unsilenced(List.of(scan("10.1.0.1", 4)), 0);
    Map<Long, Long> failed = silences.drainHits();
    silences.unsilenced(List.of(scan("10.1.0.1", 6)), 0);
    silences.restoreHits(failed);
    assertThat(silences.drainHits()).isEqualTo(Map.of(3L, 10L));
  }
}
