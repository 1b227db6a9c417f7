package io.netwatch.capture;

import io.netwatch.testing.Eventually;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Live capture as the docs show it: {@code tcpdump -i lo -U -w -} piped into the sensor while nmap scans a
 * loopback address; the port_scan alert is engaged within 10 s of the scan. Needs tcpdump and nmap with the
 * right to capture (CAP_NET_RAW): skipped with a message without them, unless -Dcapture.required=true.
 */
@Tag("slow")
class LiveCaptureTest {
  private static final String TARGET = "127.0.0.77";

  @Platform
  PlatformUnderTest platform;

  @Test
  void tcpdumpPipedIntoTheSensorEngagesThePortScanWithinTenSeconds(@TempDir Path dir) throws Exception {
    requireTool("tcpdump", "--version");
    requireTool("nmap", "--version");
    platform.deploy();
    Path tcpdumpErr = dir.resolve("tcpdump.err");
    // Only the scan's packets (the platform's own Redis, PostgreSQL and ingest traffic is on lo too); a 32 MB
    // buffer, as libpcap's default 2 MB drops most of a fast scan on a busy machine.
    Process tcpdump = new ProcessBuilder("tcpdump", "-i", "lo", "-U", "--immediate-mode", "-B", "32768", "-w", "-",
        "host " + TARGET).redirectError(tcpdumpErr.toFile()).start();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      awaitListening(tcpdump, tcpdumpErr);
      CompletableFuture<Integer> sensor = CompletableFuture.supplyAsync(() -> SensorCommand.run(tcpdump.getInputStream(),
          new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), "--read", "-", "--ingest",
          "http://127.0.0.1:" + platform.ingestPort() + "/ingest", "--token", PlatformUnderTest.INGEST_TOKEN,
          "--linger-ms", "100", "--quiet"));

      long started = System.nanoTime();
      Process nmap = new ProcessBuilder("nmap", scanType(), "-Pn", "-n", "-p", "1-100", "--max-retries", "0", TARGET)
          .redirectErrorStream(true).redirectOutput(dir.resolve("nmap.out").toFile()).start();
      assertThat(nmap.waitFor(60, TimeUnit.SECONDS)).as("nmap finished").isTrue();

      Eventually.within(Duration.ofSeconds(10).minusNanos(System.nanoTime() - started), () ->
          assertThat(platform.database.count("SELECT count(*) FROM alerts WHERE detector = 'port_scan' AND dst_ip = ?::inet",
              TARGET)).as("port_scan alerts; rows stored so far: %d; sensor said: %s", platform.rows(),
              err.toString(StandardCharsets.UTF_8)).isEqualTo(1));

      tcpdump.destroy(); // the pipe closes: the sensor sends what is left and ends
      assertThat(sensor.get(60, TimeUnit.SECONDS)).as(err.toString(StandardCharsets.UTF_8)).isZero();
    } finally {
      tcpdump.destroyForcibly();
    }
  }

  /** A SYN scan needs raw sockets; without them nmap's connect scan sends the same SYNs through the kernel. */
  private static String scanType() {
    return "root".equals(System.getProperty("user.name")) ? "-sS" : "-sT";
  }

  private static void awaitListening(Process tcpdump, Path stderr) {
    try {
      Eventually.within(Duration.ofSeconds(10), () -> {
        String said = read(stderr);
        if (!tcpdump.isAlive()) throw new IllegalStateException("tcpdump ended: " + said.strip());
        assertThat(said).contains("listening on");
      });
    } catch (IllegalStateException e) {
      skipOrFail("tcpdump cannot capture on lo (needs CAP_NET_RAW and CAP_NET_ADMIN): " + e.getMessage());
    }
  }

  private static void requireTool(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) return;
    } catch (IOException | InterruptedException e) {
      // absent
    }
    skipOrFail(command[0] + " is not installed (Debian: apt-get install " + command[0] + ")");
  }

  private static void skipOrFail(String why) {
    if (Boolean.getBoolean("capture.required")) throw new AssertionError(why + " and -Dcapture.required=true");
    assumeTrue(false, "skipped: " + why);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }
}
