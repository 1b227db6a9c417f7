package io.netwatch.stream;

import io.netwatch.config.Settings;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("ConsumerSettings: the consumer's keys with their defaults, and the limits derived from them")
class ConsumerSettingsTest {
  @Test
  @DisplayName("defaults: stream anomaly:raw, group analyzers, batch 500, 2 in flight, claim after 30 s")
  void defaults() {
    ConsumerSettings settings = ConsumerSettings.from(new Settings(Map.of()));
    assertThat(settings.stream()).isEqualTo("anomaly:raw");
    assertThat(settings.group()).isEqualTo("analyzers");
    assertThat(settings.consumerName()).isNull();
    assertThat(settings.batchSize()).isEqualTo(500);
    assertThat(settings.maxInFlight()).isEqualTo(2);
    assertThat(settings.readTimeoutMs()).isEqualTo(2_000 + 2_000);
    assertThat(settings.busTimeoutMs()).isEqualTo(15_000);
    assertThat(settings.claimIntervalMs()).isEqualTo(15_000);
  }

  @Test
  @DisplayName("at least one batch in flight; bus deadline and claim period have floors")
  void floors() {
    ConsumerSettings settings = ConsumerSettings.from(new Settings(Map.of(
        Settings.MAX_IN_FLIGHT, 0, Settings.CLAIM_IDLE_MS, 500, Settings.CONSUMER_NAME, "c")));
    assertThat(settings.maxInFlight()).isEqualTo(1);
    assertThat(settings.busTimeoutMs()).isEqualTo(10_000);
    assertThat(settings.claimIntervalMs()).isEqualTo(1_000);
    assertThat(settings.consumerName()).isEqualTo("c");
  }
}
