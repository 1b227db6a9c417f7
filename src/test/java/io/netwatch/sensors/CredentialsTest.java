package io.netwatch.sensors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Credentials: a token finds its sensor by digest, only while valid")
class CredentialsTest {
  final Sensor edge = new Sensor("edge", 100, 0);
  final Sensor core = new Sensor("core", 0, 30);

  @Test
  @DisplayName("each token finds its own sensor; unknown, empty or absent tokens find none")
  void lookup() {
    Credentials credentials = new Credentials(List.of(edge, core), List.of(
        new Credentials.Entry(edge, SensorTokens.digest("edge-token"), Long.MAX_VALUE),
        new Credentials.Entry(core, SensorTokens.digest("core-token"), Long.MAX_VALUE)));
    assertThat(credentials.sensorOf("edge-token", 0)).isEqualTo(edge);
    assertThat(credentials.sensorOf("core-token", 0)).isEqualTo(core);
    assertThat(credentials.sensorOf("edge-token ", 0)).isNull();
    assertThat(credentials.sensorOf("", 0)).isNull();
    assertThat(credentials.sensorOf(null, 0)).isNull();
    assertThat(credentials.sensors()).containsOnlyKeys("edge", "core");
  }

  @Test
  @DisplayName("a rotated-out token is valid until its time, then found only as expired")
  void expiry() {
    Credentials credentials = new Credentials(List.of(edge), List.of(
        new Credentials.Entry(edge, SensorTokens.digest("new"), Long.MAX_VALUE),
        new Credentials.Entry(edge, SensorTokens.digest("old"), 1_000)));
    assertThat(credentials.sensorOf("old", 1_000)).isEqualTo(edge);
    assertThat(credentials.expiredSensorOf("old", 1_000)).isNull();
    assertThat(credentials.sensorOf("old", 1_001)).isNull();
    assertThat(credentials.expiredSensorOf("old", 1_001)).isEqualTo(edge);
    assertThat(credentials.sensorOf("new", Long.MAX_VALUE - 1)).isEqualTo(edge);
    assertThat(credentials.expiredSensorOf("other", 1_001)).isNull();
  }

  @Test
  @DisplayName("tokens are 32 random bytes, never repeated; bearer headers are read case-insensitively")
  void tokens() {
    assertThat(SensorTokens.newToken()).isNotEqualTo(SensorTokens.newToken()).matches("nws_[A-Za-z0-9_-]{43}");
    assertThat(SensorTokens.digest("x")).hasSize(32);
    assertThat(SensorTokens.bearer("bearer abc ")).isEqualTo("abc");
    assertThat(SensorTokens.bearer("Bearer ")).isNull();
    assertThat(SensorTokens.bearer("Basic abc")).isNull();
    assertThat(SensorTokens.bearer(null)).isNull();
  }
}
