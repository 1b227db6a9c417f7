package io.netwatch.config;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Settings: the old design's variable names override the config file")
class SettingsTest {
  @Test
  @DisplayName("defaults")
  void defaults() {
    Settings s = new Settings(Map.of());
    assertThat(s.string(Settings.REDIS_STREAM_NAME)).isEqualTo("anomaly:raw");
    assertThat(s.string(Settings.CONSUMER_GROUP)).isEqualTo("analyzers");
    assertThat(s.string(Settings.INGESTION_PATH)).isEqualTo("/ingest");
    assertThat(s.integer(Settings.INGEST_PORT)).isEqualTo(8080);
    assertThat(s.integer(Settings.WEB_PORT)).isEqualTo(3000);
    assertThat(s.integer(Settings.THREAD_COUNT)).isZero();
    assertThat(s.string(Settings.INGESTION_TOKEN)).isNull();
    assertThat(s.production()).isFalse();
  }

  @Test
  @DisplayName("environment beats file, file beats defaults; numbers are parsed; unknown variables are ignored")
  void precedence() {
    Map<String, Object> file = Map.of("redis_url", "redis://file:6379", "batch_size", 100, "web_port", 3100);
    Map<String, Object> merged = Settings.withEnvironment(file, Map.of(
        "REDIS_URL", "redis://env:6379", "BATCH_SIZE", "64", "HOME", "/root", "PLATFORM_ENV", "production"));
    Settings s = new Settings(merged);
    assertThat(s.string(Settings.REDIS_URL)).isEqualTo("redis://env:6379");
    assertThat(s.integer(Settings.BATCH_SIZE)).isEqualTo(64);
    assertThat(merged.get("batch_size")).isInstanceOf(Number.class);
    assertThat(s.integer(Settings.WEB_PORT)).isEqualTo(3100);
    assertThat(merged).doesNotContainKey("home");
    assertThat(s.production()).isTrue();
  }

  @Test
  @DisplayName("a numeric variable that is not a number stops start-up naming it")
  void badNumber() {
    assertThatThrownBy(() -> Settings.withEnvironment(Map.of(), Map.of("BATCH_SIZE", "abc")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BATCH_SIZE");
    assertThatThrownBy(() -> new Settings(Map.of("web_port", "x")).integer(Settings.WEB_PORT))
        .hasMessageContaining("web_port");
  }

  @Test
  @DisplayName("blank variables are ignored")
  void blank() {
    assertThat(new Settings(Settings.withEnvironment(Map.of(), Map.of("REDIS_URL", " "))).string(Settings.REDIS_URL))
        .isEqualTo("redis://127.0.0.1:6379");
  }
}
