package io.netwatch;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.BindException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StartupFailureTest {
  @Test
  @DisplayName("a port in use is named as such, with the settings that move it")
  void portInUse() {
    String line = StartupFailure.explain(new RuntimeException("deploy failed",
        new BindException("Address already in use")));
    assertThat(line).contains("already in use").contains("WEB_PORT");
  }

  @Test
  @DisplayName("the most telling cause wins over its wrappers")
  void deepestTellingCause() {
    Throwable refused = new IllegalStateException("wrapper", new ConnectException("Connection refused: /127.0.0.1:5433"));
    assertThat(StartupFailure.explain(refused)).contains("127.0.0.1:5433").contains("DATABASE_URL");
    assertThat(StartupFailure.explain(new RuntimeException(new AccessDeniedException("/root/data"))))
        .contains("permission denied on /root/data");
  }

  @Test
  @DisplayName("a configuration error is reported with its own message")
  void configurationError() {
    assertThat(StartupFailure.explain(new IllegalArgumentException("BATCH_SIZE must be a whole number, got 'x'")))
        .isEqualTo("BATCH_SIZE must be a whole number, got 'x'");
  }

  @Test
  @DisplayName("-conf: a missing file, a file that is not JSON and bad inline JSON are refused by name")
  void configFile(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> StartupFailure.configFile(new String[] {"-conf", "no/such.json"}))
        .hasMessageContaining("config file no/such.json (given with -conf) does not exist");
    Path broken = Files.writeString(dir.resolve("broken.json"), "{ \"verticles\": [");
    assertThatThrownBy(() -> StartupFailure.configFile(new String[] {"-conf", broken.toString()}))
        .hasMessageContaining("config file " + broken + " is not a valid JSON object");
    assertThatThrownBy(() -> StartupFailure.configFile(new String[] {"-conf", "{\"a\": }"}))
        .hasMessageContaining("inline JSON given with -conf is not a valid JSON object");
    Path good = Files.writeString(dir.resolve("good.json"), "{\"web_port\": 3000}");
    assertThat(StartupFailure.configFile(new String[] {"-cluster", "-conf", good.toString()})).isEqualTo(good.toString());
    assertThat(StartupFailure.configFile(new String[] {"-conf", "{\"web_port\": 3000}"})).isNull();
    assertThat(StartupFailure.configFile(new String[] {})).isNull();
  }
}
