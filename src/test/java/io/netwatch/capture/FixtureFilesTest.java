package io.netwatch.capture;

import io.netwatch.model.Packet;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The attack fixtures are sized to engage exactly their detector at the default thresholds (README,
 * detection), the broken ones fail as the sensor's contract says.
 */
class FixtureFilesTest {
  private static List<Telemetry> synOnly(String fixture) {
    return Fixtures.decode(fixture).stream().filter(Objects::nonNull)
        .filter(t -> Packet.synOnly(t.protocol(), t.tcpFlags())).toList();
  }

  private static long maxDistinct(List<Telemetry> syns, java.util.function.Function<Telemetry, String> key,
      java.util.function.Function<Telemetry, Object> value) {
    Map<String, java.util.Set<Object>> sets = new HashMap<>();
    for (Telemetry t : syns) sets.computeIfAbsent(key.apply(t), k -> new java.util.HashSet<>()).add(value.apply(t));
    return sets.values().stream().mapToLong(java.util.Set::size).max().orElse(0);
  }

  private static long maxCount(List<Telemetry> packets, java.util.function.Function<Telemetry, String> key) {
    return packets.stream().collect(Collectors.groupingBy(key, Collectors.counting())).values().stream()
        .mapToLong(Long::longValue).max().orElse(0);
  }

  @Test
  void scansReachFifteenPortsOfOneHostAndNothingElse() {
    for (String scan : List.of("nmap-syn-scan.pcap", "nmap-connect-scan.pcap")) {
      List<Telemetry> syns = synOnly(scan);
      assertThat(maxDistinct(syns, t -> t.srcIp() + ">" + t.dstIp(), Telemetry::dstPort)).as(scan).isGreaterThanOrEqualTo(15);
      assertThat(maxDistinct(syns, t -> t.srcIp() + ":" + t.dstPort(), Telemetry::dstIp)).as(scan).isLessThan(25);
      assertThat(maxCount(syns, Telemetry::dstIp)).as(scan).isLessThanOrEqualTo(15_360);
    }
  }

  @Test
  void theSweepReachesTwentyFiveHostsOnOnePortAndNothingElse() {
    List<Telemetry> syns = synOnly("nmap-sweep.pcap");
    assertThat(maxDistinct(syns, t -> t.srcIp() + ":" + t.dstPort(), Telemetry::dstIp)).isGreaterThanOrEqualTo(25);
    assertThat(maxDistinct(syns, t -> t.srcIp() + ">" + t.dstIp(), Telemetry::dstPort)).isLessThan(15);
  }

  @Test
  void theFloodSendsOverFifteenThousandSynsToOneHostFromSourcesUnderTheSourceFloodThreshold() {
    List<Telemetry> all = Fixtures.decode("hping3-syn-flood.pcap");
    List<Telemetry> syns = synOnly("hping3-syn-flood.pcap");
    assertThat(maxCount(syns, Telemetry::dstIp)).isGreaterThan(15_360);
    assertThat(maxCount(all, Telemetry::srcIp)).isLessThanOrEqualTo(10_000);
    assertThat(maxDistinct(syns, t -> t.srcIp() + ">" + t.dstIp(), Telemetry::dstPort)).isLessThan(15);
    assertThat(maxDistinct(syns, t -> t.srcIp() + ":" + t.dstPort(), Telemetry::dstIp)).isLessThan(25);
  }

  @Test
  void brokenFilesFailAsTheContractSays() throws Exception {
    assertThat(failure("broken/wrong-magic.pcap").kind()).isEqualTo(CaptureFormatException.Kind.BAD_MAGIC);
    assertThat(failure("broken/truncated-header.pcap").kind()).isEqualTo(CaptureFormatException.Kind.TRUNCATED);
    assertThat(failure("broken/unknown-linktype.pcap").kind()).isEqualTo(CaptureFormatException.Kind.UNKNOWN_LINK_TYPE);
    CaptureFormatException cut = failure("broken/truncated-record.pcap");
    assertThat(cut.kind()).isEqualTo(CaptureFormatException.Kind.TRUNCATED);
    assertThat(cut.offset()).as("the last record's start").isEqualTo(lastRecordOffset("benign-dns.pcap"));
  }

  private static CaptureFormatException failure(String fixture) {
    CaptureFormatException[] caught = new CaptureFormatException[1];
    assertThatThrownBy(() -> {
      try (InputStream in = Fixtures.open(fixture)) {
        CaptureReader reader = CaptureReader.open(in);
        while (reader.next() != null) {
          // read to the end or the failure
        }
      }
    }).isInstanceOfSatisfying(CaptureFormatException.class, e -> caught[0] = e);
    return caught[0];
  }

  private static long lastRecordOffset(String fixture) throws Exception {
    try (InputStream in = Fixtures.open(fixture)) {
      CaptureReader reader = CaptureReader.open(in);
      long last = reader.offset();
      long before = last;
      while (reader.next() != null) {
        last = before;
        before = reader.offset();
      }
      return last;
    }
  }
}
