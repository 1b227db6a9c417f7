package io.netwatch.detection;

import io.netwatch.model.Severity;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Batch tally and alert decisions: what each detector counts, and when a hit is an alert")
class AlertDecisionsTest {
  static final int SYN = 0x02;
  static final int SYN_ACK = 0x12;
  static final DetectionRules RULES = DetectionRules.defaults();

  static ScoredPacket packet(String src, String dst, int port, int flags, Severity severity, List<String> reasons,
      long at) {
    return new ScoredPacket(src, dst, "TCP", port, flags, severity == Severity.LOW ? 0.1 : 0.8, severity, reasons, at);
  }

  static ScoredPacket syn(String src, String dst, int port) {
    return packet(src, dst, port, SYN, Severity.LOW, List.of("syn_only"), 1_000);
  }

  static Tally window(BatchTally tally, String detector, String key) {
    return tally.windows().stream().filter(t -> t.detector.equals(detector) && t.key.equals(key)).findFirst()
        .orElseThrow(() -> new AssertionError("no window " + detector + " " + key));
  }

  @Test
  @DisplayName("a scan's SYNs are tallied per detector key; SYN-ACKs count only for the source flood")
  void tally() {
    List<ScoredPacket> batch = new ArrayList<>();
    for (int port = 1; port <= 20; port++) batch.add(syn("10.0.0.1", "10.0.0.2", port));
    batch.add(packet("10.0.0.1", "10.0.0.3", 80, SYN_ACK, Severity.LOW, List.of(), 2_000));
    BatchTally tally = BatchTally.of(batch, RULES);

    assertThat(window(tally, "source_flood", "10.0.0.1").packets).isEqualTo(21);
    assertThat(window(tally, "syn_flood", "10.0.0.2").packets).isEqualTo(20);
    Tally scan = window(tally, "port_scan", "10.0.0.1>10.0.0.2");
    assertThat(scan.members).hasSize(20).contains("1", "20");
    assertThat(scan.srcIp).isEqualTo("10.0.0.1");
    assertThat(scan.dstIp).isEqualTo("10.0.0.2");
    assertThat(tally.windows()).noneMatch(t -> t.key.contains("10.0.0.3") && !t.detector.equals("source_flood"));
    assertThat(window(tally, "host_sweep", "10.0.0.1>:7").members).containsExactly("10.0.0.2");
    assertThat(tally.packetAlerts()).isEmpty();
  }

  @Test
  @DisplayName("a key over its threshold in one window does not carry the batch's packets of the next window, under it")
  void eachWindowJudgedAlone() {
    long window = RULES.rule(Detector.PORT_SCAN).windowMs();
    BatchTally tally = BatchTally.of(List.of(
        packet("10.0.0.1", "10.0.0.2", 22, SYN, Severity.LOW, List.of("syn_only"), window - 2_000),
        packet("10.0.0.1", "10.0.0.2", 23, SYN, Severity.LOW, List.of("syn_only"), window - 1_000),
        packet("10.0.0.1", "10.0.0.2", 24, SYN, Severity.LOW, List.of("syn_only"), 2 * window - 1_000)), RULES);
    List<Tally> windows = List.copyOf(tally.windows());
    List<AlertDecisions.WindowCount> counts = new ArrayList<>();
    for (Tally t : windows) {
      boolean first = t.firstAt < window;
      counts.add(!t.detector.equals("port_scan") ? new AlertDecisions.WindowCount(t.packets, 0, t.firstAt)
          : first ? new AlertDecisions.WindowCount(16, 15, 0) : new AlertDecisions.WindowCount(1, 1, window));
    }
    List<AlertHit> hits = AlertDecisions.decide(windows, counts, tally.packetAlerts(), RULES);

    // Had the third packet come in a batch of its own, it would not have counted either.
    assertThat(hits).singleElement().satisfies(hit -> {
      assertThat(hit.batchPackets()).isEqualTo(2);
      assertThat(hit.lastSeenMillis()).isEqualTo(window - 1_000);
    });
  }

  @Test
  @DisplayName("a window over its threshold is a hit carrying the window's count; one under it is not")
  void decide() {
    BatchTally tally = BatchTally.of(List.of(syn("10.0.0.1", "10.0.0.2", 22), syn("10.0.0.1", "10.0.0.2", 23)), RULES);
    List<Tally> windows = List.copyOf(tally.windows());
    List<AlertDecisions.WindowCount> counts = new ArrayList<>();
    for (Tally t : windows) {
      counts.add(t.detector.equals("port_scan") ? new AlertDecisions.WindowCount(16, 15, 500)
          : new AlertDecisions.WindowCount(t.packets, 0, 500));
    }
    List<AlertHit> hits = AlertDecisions.decide(windows, counts, tally.packetAlerts(), RULES);

    assertThat(hits).singleElement().satisfies(hit -> {
      assertThat(hit.detector()).isEqualTo("port_scan");
      assertThat(hit.key()).isEqualTo("10.0.0.1>10.0.0.2");
      assertThat(hit.engagePackets()).isEqualTo(16);
      assertThat(hit.batchPackets()).isEqualTo(2);
      assertThat(hit.firstSeenMillis()).isEqualTo(500);
      assertThat(hit.lastSeenMillis()).isEqualTo(1_000);
      assertThat(hit.severity()).isEqualTo(Severity.HIGH);
      assertThat(hit.quietMs()).isEqualTo(600_000);
    });
  }

  @Test
  @DisplayName("high and critical packets make one hit per (source, destination, reason set), reasons in any order")
  void packetAlerts() {
    List<ScoredPacket> batch = List.of(
        packet("10.0.0.9", "10.0.0.2", 4444, SYN, Severity.CRITICAL, List.of("suspicious_port", "syn_only"), 10),
        packet("10.0.0.9", "10.0.0.2", 4444, SYN, Severity.HIGH, List.of("syn_only", "suspicious_port"), 30),
        packet("10.0.0.9", "10.0.0.2", 4444, 0x18, Severity.HIGH, List.of("suspicious_port", "high_rate"), 20),
        packet("10.0.0.9", "10.0.0.2", 80, SYN, Severity.MEDIUM, List.of("syn_only"), 40));
    BatchTally tally = BatchTally.of(batch, RULES);
    List<AlertHit> hits = AlertDecisions.decide(List.of(), List.of(), tally.packetAlerts(), RULES);

    assertThat(hits).extracting(AlertHit::key).containsExactly("10.0.0.9>10.0.0.2|high_rate,suspicious_port",
        "10.0.0.9>10.0.0.2|suspicious_port,syn_only");
    AlertHit synScan = hits.get(1);
    assertThat(synScan.detector()).isEqualTo(AlertHit.PACKET);
    assertThat(synScan.reasons()).containsExactly("suspicious_port", "syn_only");
    assertThat(synScan.batchPackets()).isEqualTo(2);
    assertThat(synScan.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(synScan.firstSeenMillis()).isEqualTo(10);
    assertThat(synScan.lastSeenMillis()).isEqualTo(30);
    assertThat(synScan.quietMs()).isEqualTo(60_000);
  }

  @Test
  @DisplayName("a disabled detector and disabled packet alerts tally nothing")
  void disabled() {
    DetectionRules rules = DetectionRules.fromConfig(Map.of(
        "detectors", Map.of("source_flood", Map.of("enabled", false), "syn_flood", Map.of("enabled", false),
            "port_scan", Map.of("enabled", false), "host_sweep", Map.of("enabled", false)),
        "packet_alerts", Map.of("enabled", false)));
    BatchTally tally = BatchTally.of(List.of(
        packet("10.0.0.9", "10.0.0.2", 4444, SYN, Severity.CRITICAL, List.of("suspicious_port"), 10)), rules);
    assertThat(tally.windows()).isEmpty();
    assertThat(tally.packetAlerts()).isEmpty();
  }
}
