package io.netwatch.sensors;

import io.netwatch.config.Settings;
import io.netwatch.persistence.PgConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest route's side of the sensor registry, one per ingest handler (so per event loop): authenticates a
 * bearer token against the node's in-memory snapshot (no database on the request path), admits a request under
 * its sensor's quota and records its health. Keeps the node's snapshot current: reloaded when
 * {@link SensorEvents#CHANGED} says the registry changed and every {@link #RELOAD_MS} as a backstop; writes the
 * node's last-seen times to the table every {@link #FLUSH_MS}. Of the node's gates, whichever ticks first
 * does a periodic task ({@link SensorNode#due}). Create and close it on the event loop that calls it.
 */
public final class SensorGate {
  private static final Logger log = LoggerFactory.getLogger(SensorGate.class);
  static final long TICK_MS = 250;
  static final long RELOAD_MS = 10_000;
  static final long FLUSH_MS = 2_000;

  private final Vertx vertx;
  private final SensorNode node;
  private final Pool pool;
  private final SensorRepository repository;
  private final MessageConsumer<Object> changes;
  private final long timer;
  private boolean loadFailureLogged;

  public SensorGate(Vertx vertx, Settings settings) {
    this.vertx = vertx;
    node = SensorNode.of(vertx, settings.string(Settings.INGESTION_TOKEN));
    // One connection: this gate queries rarely, and only off the request path.
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1).setMaxWaitQueueSize(16))
        .connectingTo(PgConfig.connectOptions(settings)).using(vertx).build();
    repository = new SensorRepository(pool);
    changes = vertx.eventBus().consumer(SensorEvents.CHANGED, message -> reload());
    timer = vertx.setPeriodic(TICK_MS, id -> tick());
    reload();
  }

  public Future<Void> close() {
    vertx.cancelTimer(timer);
    return changes.unregister().eventually(pool::close);
  }

  /** The sensor of an {@code Authorization: Bearer} header, or null: constant-time, no database. */
  public Sensor authenticate(String authorizationHeader) {
    return node.credentials().sensorOf(SensorTokens.bearer(authorizationHeader), System.currentTimeMillis());
  }

  /** Seconds the sensor should wait when over its quota now, or 0 when the request may go on. */
  public long overQuota(Sensor sensor) {
    QuotaBucket bucket = node.quota(sensor, System.nanoTime());
    if (bucket == null) return 0;
    long now = System.nanoTime();
    return bucket.admits(now) ? 0 : bucket.retryAfterSeconds(now);
  }

  /** Packets accepted from an authenticated sensor: charged to its quota, counted in its health. */
  public void accepted(Sensor sensor, int packets) {
    QuotaBucket bucket = node.quota(sensor, System.nanoTime());
    if (bucket != null && packets > 1) bucket.charge(packets - 1, System.nanoTime());
    SensorHealth health = node.health(sensor.name());
    if (health != null) health.accepted(packets, System.currentTimeMillis());
  }

  /** A refusal of an authenticated sensor's request. */
  public void refused(Sensor sensor, int status) {
    SensorHealth health = node.health(sensor.name());
    if (health != null) health.refused(status, System.currentTimeMillis());
  }

  /** What the sensor's last refusal said (called after the answer was sent). */
  public void errorMessage(Sensor sensor, String message) {
    SensorHealth health = node.health(sensor.name());
    if (health != null) health.errorMessage(message);
  }

  /** A 401: counted against the sensor when the token is a rotated-out one of a registered sensor. */
  public void unauthorized(String authorizationHeader) {
    Sensor sensor = node.credentials().expiredSensorOf(SensorTokens.bearer(authorizationHeader),
        System.currentTimeMillis());
    if (sensor != null) refused(sensor, 401);
  }

  public void userAgent(Sensor sensor, String userAgent) {
    if (userAgent == null) return;
    SensorHealth health = node.health(sensor.name());
    if (health != null) health.userAgent(userAgent);
  }

  private void tick() {
    long now = System.currentTimeMillis();
    if (node.due("reload", RELOAD_MS, now)) reload();
    if (node.due("flush", FLUSH_MS, now)) flushLastSeen();
  }

  private void reload() {
    node.reload(repository)
        .onSuccess(loaded -> loadFailureLogged = false)
        .onFailure(err -> {
          if (!loadFailureLogged) {
            log.warn("sensor registry not loaded (tokens known before stay valid; retrying): {}", err.getMessage());
            loadFailureLogged = true;
          }
        });
  }

  private void flushLastSeen() {
    repository.touch(node.lastSeen())
        .onFailure(err -> log.debug("sensors' last seen not written yet: {}", err.getMessage()));
  }
}
