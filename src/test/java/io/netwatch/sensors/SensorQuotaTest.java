package io.netwatch.sensors;

import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/** quota_pps at the ingest route: a flooding sensor is refused, the others are not. */
@DisplayName("Sensor quotas: one sensor at 10x its quota gets 429 with Retry-After; another at its normal rate none")
class SensorQuotaTest {
  @Platform(deployed = true)
  static PlatformUnderTest platform;

  @Test
  @DisplayName("the flooding sensor's refusals are counted against it; the sensor beside it sees 0 refusals")
  void floodingSensorAlone() {
    SensorApi api = new SensorApi(platform);
    String flooder = api.register("flooder", 5);
    String steady = api.register("steady", 5);
    long start = System.nanoTime();
    // 20 requests every 100 ms (200 packets/s, 40x a quota of 5) beside 2.5 packets/s within the same quota: the
    // flooder's pace is asked of the machine, not promised by it, so what it was allowed is checked against the
    // time it ran.
    PacedSensor flood = new PacedSensor(platform, flooder, 100, 20);
    PacedSensor normal = new PacedSensor(platform, steady, 400, 1);
    within(Duration.ofSeconds(60), () -> assertThat(normal.sent()).isGreaterThanOrEqualTo(10));
    flood.stop();
    normal.stop();
    double seconds = (System.nanoTime() - start) / 1e9;

    // No quota refusal. (A 503 is the stream store not answering within REDIS_TIMEOUT_MS, as on a machine starved of
    // CPU, which says nothing of quotas: it is allowed, a 429 or any other refusal is not.)
    assertThat(normal.statuses.keySet()).as("the steady sensor's answers: %s", normal.statuses).contains(200)
        .isSubsetOf(200, 503);
    assertThat(flood.count(429)).as("flood: %s", flood.statuses).isGreaterThan(flood.count(200));
    // At most the burst (2 s of quota) plus the quota for the time it ran.
    assertThat(flood.count(200)).as("flood: %s in %.1f s", flood.statuses, seconds)
        .isBetween(10, 10 + (int) Math.ceil(5 * seconds));
    assertThat(flood.retryAfter.keySet()).isNotEmpty().allMatch(value -> Integer.parseInt(value) >= 1);

    JsonObject health = api.sensor("flooder").getJsonObject("health");
    assertThat(health.getJsonObject("rejected").getLong("429")).isEqualTo(flood.count(429));
    assertThat(health.getLong("packets")).isEqualTo(flood.count(200));
    assertThat(health.getJsonObject("last_error").getInteger("status")).isEqualTo(429);
    assertThat(api.sensor("steady").getJsonObject("health").getJsonObject("rejected").getLong("429")).isZero();
  }
}
