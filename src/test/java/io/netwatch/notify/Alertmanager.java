package io.netwatch.notify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Alertmanager (Debian's prometheus-alertmanager) in its own directory, clustering off, routing every alert
 * to one webhook with short group timings so a test sees notifications within seconds. Tries other ports if its
 * was taken (it cannot report a port the OS chose).
 */
final class Alertmanager implements AutoCloseable {
  static final int ATTEMPTS = 5;

  int port;
  private Process process;

  Alertmanager(Path binary, Path dir, String webhookUrl) throws IOException, InterruptedException {
    Path home = Files.createDirectories(dir.toAbsolutePath());
    Path config = home.resolve("alertmanager.yml");
    Files.writeString(config, String.join("\n",
        "route:",
        "  receiver: netwatch-test",
        "  group_by: ['netwatch_alert_id']",
        "  group_wait: 1s",
        "  group_interval: 1s",
        "  repeat_interval: 1h",
        "receivers:",
        "  - name: netwatch-test",
        "    webhook_configs:",
        "      - url: '" + webhookUrl + "'",
        "        send_resolved: true", ""));
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      port = ReceiverBinaries.candidatePort();
      process = new ProcessBuilder(binary.toString(), "--config.file=" + config, "--storage.path=" + home.resolve("data"),
          "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
          .redirectErrorStream(true).redirectOutput(home.resolve("alertmanager.out").toFile()).start();
      if (started()) return;
      process.destroy();
      process.waitFor();
    }
    throw new AssertionError("alertmanager did not start on a free port in " + ATTEMPTS + " attempts; see " + home);
  }

  private boolean started() {
    try {
      within(Duration.ofSeconds(15), () -> assertThat(process.isAlive() && ReceiverBinaries.listening(port, false))
          .as("alertmanager listening").isTrue());
      return true;
    } catch (AssertionError e) {
      return false;
    }
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
