package io.netwatch.capture;

import io.netwatch.testing.Eventually;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 23's contract through the sensor: a capture replayed at {@code --speed 1} (its own pace, batches cut by
 * the linger time) and at {@code --speed max} (full batches, as fast as ingest takes them), each into a platform
 * of its own, engages the same alerts: detector, key, packet count, first and last seen (capture times).
 */
class ReplaySpeedTest {
  @Platform
  PlatformUnderTest realTime;

  @Platform
  PlatformUnderTest fullSpeed;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"hping3-syn-flood.pcap", "nmap-syn-scan.pcap", "nmap-sweep.pcap"})
  void speedOneAndSpeedMaxEngageTheSameAlerts(String fixture) {
    String oneSpeed = replay(realTime.deploy(), fixture, "1");
    String maxSpeed = replay(fullSpeed.deploy(), fixture, "max");

    assertThat(oneSpeed).as("an attack fixture engages an alert").isNotBlank();
    assertThat(maxSpeed).isEqualTo(oneSpeed);
  }

  /** Replays the fixture, waits until every row is stored and through detection; returns the alerts as text. */
  static String replay(PlatformUnderTest platform, String fixture, String speed) {
    long packets = Fixtures.decode(fixture).stream().filter(Objects::nonNull).count();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = SensorEndToEndTest.sensor(platform, err, "--read", Fixtures.path(fixture).toString(),
        "--speed", speed, "--linger-ms", "20");
    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    Eventually.within(Duration.ofSeconds(90), () -> {
      assertThat(platform.rows()).isEqualTo(packets);
      assertThat(platform.allAcknowledged()).isTrue();
    });
    return platform.database.text("SELECT string_agg(a, ' / ' ORDER BY a) FROM (SELECT detector || ' ' || alert_key"
        + " || ' ' || packet_count || ' ' || (extract(epoch FROM first_seen) * 1000000)::bigint"
        + " || ' ' || (extract(epoch FROM last_seen) * 1000000)::bigint AS a FROM alerts) t");
  }
}
