package io.netwatch.capture;

import io.netwatch.testing.Await;
import io.netwatch.testing.Eventually;
import io.netwatch.testing.FaultyProxy;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.netwatch.capture.Packets.concat;
import static io.netwatch.capture.Packets.ethernet;
import static io.netwatch.capture.Packets.ipv4;
import static io.netwatch.capture.Packets.udp;
import static org.assertj.core.api.Assertions.assertThat;

/** Delivery through the real platform: the spool across a platform restart, a refused token. */
class SensorDeliveryTest {
  private static final int PACKETS = 3000;

  @Platform
  PlatformUnderTest platform;

  /** {@link #PACKETS} UDP packets 1 ms apart, each from its own source port, captured a minute ago. */
  private static Path capture(Path dir) throws IOException {
    long start = System.currentTimeMillis() * 1000 - 60_000_000;
    CaptureFiles.Pcap pcap = new CaptureFiles.Pcap(ByteOrder.LITTLE_ENDIAN, false, 1);
    for (int i = 0; i < PACKETS; i++) {
      long ts = start + i * 1000L;
      pcap.record(ts / 1_000_000, ts % 1_000_000, concat(ethernet(0x0800), ipv4(17, 64, 8 + 4), udp(10_000 + i, 53, 4),
          new byte[4]));
    }
    Path file = dir.resolve("steady.pcap");
    Files.write(file, pcap.bytes());
    return file;
  }

  private static int sensor(ByteArrayOutputStream err, String... args) {
    return SensorCommand.run(InputStream.nullInputStream(), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(),
        args);
  }

  @Test
  void thePlatformStoppedMidReplayAndStartedAgainStoresEveryPacketOnce(@TempDir Path dir) throws Exception {
    platform.deploy();
    Path file = capture(dir);
    Path spool = dir.resolve("spool");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (FaultyProxy proxy = new FaultyProxy(platform.vertx, "127.0.0.1", platform::ingestPort)) {
      CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> sensor(err, "--read", file.toString(),
          "--ingest", "http://127.0.0.1:" + proxy.port + "/ingest", "--token", PlatformUnderTest.INGEST_TOKEN,
          "--speed", "1", "--batch", "100", "--linger-ms", "50", "--spool", spool.toString(), "--quiet"));

      Eventually.within(Duration.ofSeconds(30), () -> assertThat(platform.rows()).isPositive());
      stopPlatform();
      Eventually.within(Duration.ofSeconds(30), () -> assertThat(spooledFiles(spool)).isNotEmpty());
      platform.deploy();

      assertThat(run.get(120, TimeUnit.SECONDS)).as(err.toString(StandardCharsets.UTF_8)).isZero();
    }
    assertThat(spooledFiles(spool)).as("the spool is empty once all is acknowledged").isEmpty();
    Eventually.within(Duration.ofSeconds(60), () -> assertThat(platform.rows()).isEqualTo(PACKETS));
    assertThat(platform.database.count("SELECT count(DISTINCT src_port) FROM anomalies")).isEqualTo(PACKETS);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("ingest unavailable").contains("ingest answers again");
  }

  @Test
  void aRefusedTokenStopsAtOnceWithItsExitCode(@TempDir Path dir) throws Exception {
    platform.deploy();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = sensor(err, "--read", capture(dir).toString(), "--ingest",
        "http://127.0.0.1:" + platform.ingestPort() + "/ingest", "--token", "not-the-token", "--quiet");
    assertThat(exit).isEqualTo(ExitCodes.TOKEN_REFUSED);
    String output = err.toString(StandardCharsets.UTF_8);
    assertThat(output).contains("ingest refused the token (HTTP 401").doesNotContain("not-the-token");
    assertThat(output.lines().filter(l -> l.startsWith("netwatch sensor:")).count()).isEqualTo(1);
    assertThat(platform.entriesAdded()).isZero();
  }

  @Test
  void aTruncatedRecordStillDeliversEveryPacketBeforeIt() {
    platform.deploy();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = sensor(err, "--read", Fixtures.path("broken/truncated-record.pcap").toString(), "--ingest",
        "http://127.0.0.1:" + platform.ingestPort() + "/ingest", "--token", PlatformUnderTest.INGEST_TOKEN, "--quiet");
    assertThat(exit).isEqualTo(ExitCodes.TRUNCATED);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("truncated record").contains("at byte offset");
    Eventually.within(Duration.ofSeconds(30), () -> assertThat(platform.rows()).isEqualTo(5));
  }

  /** Undeploys every verticle of the platform: its ports close, as when the process stops. */
  private void stopPlatform() {
    for (String id : List.copyOf(platform.vertx.deploymentIDs())) {
      try {
        Await.result(platform.vertx.undeploy(id), 60);
      } catch (RuntimeException alreadyGoneWithItsParent) {
        // children go with their parent
      }
    }
  }

  private static List<Path> spooledFiles(Path spool) {
    if (!Files.isDirectory(spool)) return List.of();
    try (Stream<Path> files = Files.list(spool)) {
      return files.filter(f -> f.getFileName().toString().matches("\\d{20}-\\d+\\.json(\\.gz)?")).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
