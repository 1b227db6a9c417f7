package io.netwatch.notify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real rsyslogd in the foreground, with a config of its own: UDP and TCP (octet-counted framing understood) on
 * 127.0.0.1, every message written to {@link #output} in RFC 5424 form. Tries other ports if its were taken.
 */
final class Rsyslog implements AutoCloseable {
  static final int ATTEMPTS = 5;

  final Path dir;
  final Path output;
  int udpPort;
  int tcpPort;
  private Process process;

  Rsyslog(Path binary, Path dir) throws IOException, InterruptedException {
    this.dir = Files.createDirectories(dir.toAbsolutePath());
    this.output = this.dir.resolve("messages.log");
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      udpPort = ReceiverBinaries.candidatePort();
      tcpPort = udpPort + 1;
      Files.writeString(this.dir.resolve("rsyslog.conf"), String.join("\n",
          "global(workDirectory=\"" + this.dir + "\")",
          "module(load=\"imudp\")",
          "module(load=\"imtcp\")",
          "input(type=\"imudp\" address=\"127.0.0.1\" port=\"" + udpPort + "\" ruleset=\"netwatch\")",
          "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + tcpPort + "\" ruleset=\"netwatch\")",
          "ruleset(name=\"netwatch\") { action(type=\"omfile\" file=\"" + output
              + "\" template=\"RSYSLOG_SyslogProtocol23Format\") }", ""));
      process = new ProcessBuilder(binary.toString(), "-n", "-f", this.dir.resolve("rsyslog.conf").toString(),
          "-i", this.dir.resolve("rsyslogd.pid").toString())
          .redirectErrorStream(true).redirectOutput(this.dir.resolve("rsyslogd.out").toFile()).start();
      if (started()) return;
      process.destroy();
      process.waitFor();
    }
    throw new AssertionError("rsyslogd did not start on a free port in " + ATTEMPTS + " attempts; see " + dir);
  }

  private boolean started() {
    try {
      within(Duration.ofSeconds(10), () -> assertThat(process.isAlive() && ReceiverBinaries.listening(tcpPort, false)
          && ReceiverBinaries.listening(udpPort, true)).as("rsyslogd listening").isTrue());
      return true;
    } catch (AssertionError e) {
      return false;
    }
  }

  /** The lines written so far. */
  List<String> lines() {
    try {
      return Files.exists(output) ? Files.readAllLines(output, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits for {@code count} lines containing {@code text}. */
  List<String> awaitLines(String text, int count) {
    within(Duration.ofSeconds(20), () -> assertThat(lines().stream().filter(l -> l.contains(text))).hasSize(count));
    return lines().stream().filter(l -> l.contains(text)).toList();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
