package io.netwatch.capture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line's contract: options, exit codes and one-line errors (nothing here reaches a platform). */
class SensorCommandTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(InputStream stdin, String... args) {
    return SensorCommand.run(stdin, new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), args);
  }

  private int run(String... args) {
    return run(InputStream.nullInputStream(), args);
  }

  private String output() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private String errorLine() {
    return output().lines().filter(l -> l.startsWith("netwatch sensor: ")).reduce((a, b) -> b).orElse("");
  }

  @Test
  void aDryRunReadsEveryFrameAndSendsNothing() {
    assertThat(run("--read", Fixtures.path("nmap-syn-scan.pcap").toString(), "--dry-run", "--quiet")).isZero();
    assertThat(output()).contains("dry run, nothing sent: 200 frames read (0 without IP), 0 packets sent");
  }

  @Test
  void standardInputIsReadWithADash() throws Exception {
    byte[] capture;
    try (InputStream in = Fixtures.open("benign-dns.pcap")) {
      capture = in.readAllBytes();
    }
    assertThat(run(new ByteArrayInputStream(capture), "--read", "-", "--dry-run", "--quiet")).isZero();
    assertThat(output()).contains("6 frames read");
  }

  @Test
  void eachBrokenFileHasItsExitCodeAndOneLineNamingTheProblem() {
    assertThat(run("--read", Fixtures.path("broken/wrong-magic.pcap").toString(), "--dry-run", "--quiet"))
        .isEqualTo(ExitCodes.NOT_A_CAPTURE);
    assertThat(errorLine()).contains("not a pcap or pcapng capture").contains("at byte offset 0");
    assertThat(run("--read", Fixtures.path("broken/unknown-linktype.pcap").toString(), "--dry-run", "--quiet"))
        .isEqualTo(ExitCodes.UNKNOWN_LINK_TYPE);
    assertThat(errorLine()).contains("unknown link type 147");
    assertThat(run("--read", Fixtures.path("broken/truncated-header.pcap").toString(), "--dry-run", "--quiet"))
        .isEqualTo(ExitCodes.TRUNCATED);
    assertThat(run("--read", Fixtures.path("broken/truncated-record.pcap").toString(), "--dry-run", "--quiet"))
        .isEqualTo(ExitCodes.TRUNCATED);
    assertThat(errorLine()).matches("netwatch sensor: capture: truncated record \\(\\d+ of \\d+ bytes\\) at byte offset \\d+");
    assertThat(output()).as("the frames before it were read").contains("5 frames read");
  }

  @Test
  void anUnreadableFileIsExitThree(@TempDir Path dir) {
    assertThat(run("--read", dir.resolve("missing.pcap").toString(), "--quiet")).isEqualTo(ExitCodes.UNREADABLE);
    assertThat(errorLine()).endsWith("missing.pcap: no such file");
    assertThat(run("--read", dir.toString(), "--quiet")).isEqualTo(ExitCodes.UNREADABLE);
  }

  @Test
  void wrongOptionsAreUsageErrorsNamingTheOption() {
    String file = Fixtures.path("benign-dns.pcap").toString();
    assertThat(run("--read", file, "--speed", "fast")).isEqualTo(ExitCodes.USAGE);
    assertThat(errorLine()).contains("--speed");
    assertThat(run("--read", file, "--batch", "0")).isEqualTo(ExitCodes.USAGE);
    assertThat(errorLine()).contains("--batch");
    assertThat(run("--read", file, "--ingest", "ftp://example")).isEqualTo(ExitCodes.USAGE);
    assertThat(errorLine()).contains("--ingest");
    assertThat(run("--read", file, "--name", "tab\there")).isEqualTo(ExitCodes.USAGE);
    assertThat(errorLine()).contains("--name");
    assertThat(run("--read", file, "--no-such-option")).isEqualTo(ExitCodes.USAGE);
    assertThat(run()).as("--read is required").isEqualTo(ExitCodes.USAGE);
  }
}
