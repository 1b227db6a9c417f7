package io.netwatch.sensors;

import io.netwatch.model.Addresses;
import io.netwatch.testing.Await;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.netwatch.testing.Consistently.holdsFor;
import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/** The sensor_silent alert on the whole platform, with SENSOR_SILENT_AFTER_SECONDS lowered to 1. */
@DisplayName("Silent sensors: a sensor that sent and then went quiet engages sensor_silent, released when it sends again")
class SilentSensorTest {
  @Platform
  static PlatformUnderTest platform;

  @BeforeAll
  static void deploy() {
    JsonObject config = platform.config().put("sensor_silent_after_seconds", 1);
    config.getJsonObject("detection").put("release_check_ms", 200);
    platform.deploy(config);
  }

  long alerts(String sensor, String state) {
    return platform.database.count("SELECT count(*) FROM alerts WHERE detector = 'sensor_silent' AND alert_key = ?"
        + " AND state = ?", sensor, state);
  }

  @Test
  @DisplayName("engaged once (one row, alerts.engaged published), shown silent in the API, released when it sends again")
  void engagesAndReleases() {
    SensorApi api = new SensorApi(platform);
    List<JsonObject> engaged = new CopyOnWriteArrayList<>();
    MessageConsumer<JsonObject> consumer = platform.vertx.eventBus().consumer(Addresses.ALERTS_ENGAGED,
        m -> engaged.add(m.body()));
    Await.result(consumer.completion());
    String token = api.register("goes-quiet", null);
    assertThat(api.ingest(token)).isEqualTo(200);

    within(Duration.ofSeconds(20), () -> assertThat(alerts("goes-quiet", "engaged")).isEqualTo(1));
    within(Duration.ofSeconds(5), () -> assertThat(engaged).anySatisfy(alert -> {
      assertThat(alert.getString("detector")).isEqualTo("sensor_silent");
      assertThat(alert.getString("key")).isEqualTo("goes-quiet");
    }));
    assertThat(api.sensor("goes-quiet").getBoolean("silent")).isTrue();
    // Refreshed while it stays silent, never engaged twice.
    holdsFor(Duration.ofSeconds(2), () -> {
      assertThat(alerts("goes-quiet", "engaged")).isEqualTo(1);
      assertThat(alerts("goes-quiet", "released")).isZero();
    });

    PacedSensor back = new PacedSensor(platform, token, 200, 1);
    try {
      within(Duration.ofSeconds(20), () -> assertThat(alerts("goes-quiet", "released")).isEqualTo(1));
      assertThat(alerts("goes-quiet", "engaged")).isZero();
      assertThat(api.sensor("goes-quiet").getBoolean("silent")).isFalse();
    } finally {
      back.stop();
    }
    Await.result(consumer.unregister());
  }

  @Test
  @DisplayName("a sensor that never sent, or one a suppression rule names, engages nothing")
  void neverSentOrSuppressed() {
    SensorApi api = new SensorApi(platform);
    api.register("never-sent", null);
    String token = api.register("in-maintenance", 1);
    assertThat(api.admin(HttpMethod.POST, "/api/v1/suppressions",
        "{\"detector\":\"sensor_silent\",\"reason\":\"planned maintenance\"}").statusCode()).isEqualTo(201);
    assertThat(api.ingest(token)).isEqualTo(200);
    holdsFor(Duration.ofSeconds(4), () -> {
      assertThat(alerts("never-sent", "engaged")).isZero();
      assertThat(alerts("in-maintenance", "engaged")).isZero();
    });
    assertThat(api.sensor("in-maintenance").getBoolean("silent")).isTrue();
    platform.database.execute("DELETE FROM suppressions");
  }
}
