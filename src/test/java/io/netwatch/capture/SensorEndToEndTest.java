package io.netwatch.capture;

import io.netwatch.testing.Eventually;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each fixture replayed by the sensor into the whole platform (its own for each test): every packet of the
 * file becomes one row, each attack engages exactly its alert at the default thresholds, benign traffic none.
 */
class SensorEndToEndTest {
  @Platform
  PlatformUnderTest platform;

  /** Runs the sensor in this JVM against the platform's ingest port; returns its exit code. */
  static int sensor(PlatformUnderTest platform, ByteArrayOutputStream err, String... options) {
    String[] args = new String[options.length + 7];
    System.arraycopy(options, 0, args, 0, options.length);
    System.arraycopy(new String[] {"--ingest", "http://127.0.0.1:" + platform.ingestPort() + "/ingest",
        "--token", PlatformUnderTest.INGEST_TOKEN, "--quiet", "--name=test-sensor", "--batch=500"}, 0, args,
        options.length, 7);
    return SensorCommand.run(InputStream.nullInputStream(), new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of(), args);
  }

  @ParameterizedTest(name = "{0} engages {1}")
  @CsvSource({
      "nmap-syn-scan.pcap, port_scan",
      "nmap-connect-scan.pcap, port_scan",
      "nmap-sweep.pcap, host_sweep",
      "hping3-syn-flood.pcap, syn_flood",
      "benign-http.pcap, ",
      "benign-dns.pcap, ",
      "ipv6.pcap, "})
  void eachFixtureEngagesExactlyItsAlertAndEveryPacketIsStored(String fixture, String detector) {
    platform.deploy();
    long packets = Fixtures.decode(fixture).stream().filter(Objects::nonNull).count();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit = sensor(platform, err, "--read", Fixtures.path(fixture).toString());

    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    // Acknowledged only once stored and through detection: then the alerts are all there.
    Eventually.within(Duration.ofSeconds(90), () -> {
      assertThat(platform.rows()).isEqualTo(packets);
      assertThat(platform.allAcknowledged()).isTrue();
    });
    long alerts = platform.database.count("SELECT count(*) FROM alerts");
    if (detector == null) {
      assertThat(alerts).as("benign traffic engages nothing").isZero();
    } else {
      assertThat(platform.database.count("SELECT count(*) FROM alerts WHERE detector = ?", detector)).isEqualTo(1);
      assertThat(alerts).as("and nothing else").isEqualTo(1);
    }
  }
}
