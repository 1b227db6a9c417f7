package io.netwatch.sensors;

import io.netwatch.alerts.SuppressionRepository;
import io.netwatch.config.Settings;
import io.netwatch.detection.AlertEpisodes;
import io.netwatch.model.Addresses;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The silent-sensor check: engages a {@code sensor_silent} alert (detector {@code sensor_silent}, key the sensor's
 * name) through the detectors' own {@link AlertEpisodes}, so the alerts table's one-engaged-alert rule, the Incidents
 * panel, acknowledgement and suppressions apply. The alert is refreshed at every check that finds the sensor still
 * silent; once it sends again the refreshes stop and the detection stage's release sweep releases it after its
 * quiet period ({@link #quietMs()}: three checks). Every node with an ingest route runs it; the database keeps one
 * alert per sensor.
 */
final class SilentSensorCheck {
  private static final Logger log = LoggerFactory.getLogger(SilentSensorCheck.class);

  private final Vertx vertx;
  private final SensorRepository sensors;
  private final SuppressionRepository suppressions;
  private final AlertEpisodes episodes;
  private final SensorNode node;
  private final int silentAfterSeconds;
  private final long intervalMs;
  private boolean running;

  SilentSensorCheck(Vertx vertx, SqlClient client, SensorNode node, Settings settings) {
    this.vertx = vertx;
    this.sensors = new SensorRepository(client);
    this.suppressions = new SuppressionRepository(client);
    this.episodes = new AlertEpisodes(client);
    this.node = node;
    this.silentAfterSeconds = settings.integer(Settings.SENSOR_SILENT_AFTER_SECONDS);
    // A quarter of the threshold, between 250 ms and 5 s: a silence is seen at most that late.
    this.intervalMs = Math.max(250, Math.min(5_000, silentAfterSeconds * 250L));
  }

  long intervalMs() {
    return intervalMs;
  }

  long quietMs() {
    return 3 * intervalMs;
  }

  void run() {
    if (running) return;
    running = true;
    long now = System.currentTimeMillis();
    sensors.activity(SilentSensors.DETECTOR)
        .compose(activity -> suppressions.active().map(rules ->
            SilentSensors.hits(activity, node.lastSeen(), silentAfterSeconds, rules, quietMs(), now)))
        .compose(episodes::record)
        .onSuccess(changes -> changes.forEach(change -> {
          if (change.engaged()) {
            log.warn("sensor {} is silent: nothing received since {}", change.alert().getString("key"),
                change.alert().getString("first_seen"));
            vertx.eventBus().publish(Addresses.ALERTS_ENGAGED, change.alert());
          } else if (change.pushed()) {
            vertx.eventBus().publish(Addresses.ALERTS_UPDATED, change.alert());
          }
        }))
        .onFailure(err -> log.debug("silent-sensor check not done: {}", err.getMessage()))
        .onComplete(done -> running = false);
  }
}
