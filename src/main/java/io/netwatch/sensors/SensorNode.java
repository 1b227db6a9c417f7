package io.netwatch.sensors;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one node (one Vert.x) knows of the sensors, shared by all its ingest handlers on every event loop: the
 * token snapshot, each sensor's health and quota bucket. Health and buckets exist only for registered sensors
 * and go with them, so all of it is bounded by the registry ({@link SensorRepository#MAX_SENSORS}).
 */
public final class SensorNode implements Shareable {
  private static final String MAP = "netwatch.sensors";
  private static final String KEY = "node";

  private final byte[] defaultDigest;
  private volatile Credentials credentials;
  private long appliedTicket;
  private final AtomicLong tickets = new AtomicLong();
  private final Map<String, SensorHealth> health = new ConcurrentHashMap<>();
  private final Map<String, QuotaBucket> quotas = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> lastRun = new ConcurrentHashMap<>();
  private final SensorMeters meters = new SensorMeters();

  SensorNode(String ingestionToken) {
    defaultDigest = SensorTokens.digest(ingestionToken);
    Sensor fallback = new Sensor(Sensor.DEFAULT, 0, 0);
    // Until the registry is loaded (or while the database is away) INGESTION_TOKEN works as before.
    credentials = new Credentials(List.of(fallback), List.of(new Credentials.Entry(fallback, defaultDigest, Long.MAX_VALUE)));
  }

  /** This Vert.x's node, created by the first caller (every caller passes the same INGESTION_TOKEN). */
  public static SensorNode of(Vertx vertx, String ingestionToken) {
    LocalMap<String, SensorNode> map = vertx.sharedData().getLocalMap(MAP);
    SensorNode node = map.get(KEY);
    if (node != null) return node;
    SensorNode created = new SensorNode(ingestionToken);
    SensorNode raced = map.putIfAbsent(KEY, created);
    return raced != null ? raced : created;
  }

  public Credentials credentials() {
    return credentials;
  }

  /** Loads the registry and applies it, unless a load that started later was applied first (it saw more). */
  public io.vertx.core.Future<Void> reload(SensorRepository repository) {
    long ticket = tickets.incrementAndGet();
    return repository.credentials(defaultDigest).onSuccess(loaded -> replace(ticket, loaded)).mapEmpty();
  }

  /** Applies a loaded snapshot unless a load that started later was applied already. */
  synchronized void replace(long ticket, Credentials loaded) {
    if (ticket <= appliedTicket) return;
    appliedTicket = ticket;
    Map<String, Sensor> sensors = loaded.sensors();
    health.keySet().removeIf(name -> !sensors.containsKey(name));
    quotas.entrySet().removeIf(e -> !sensors.containsKey(e.getKey())
        || sensors.get(e.getKey()).quotaPps() != e.getValue().quotaPps());
    meters.retain(sensors.keySet());
    credentials = loaded;
  }

  /** The sensor's health on this node; null for a sensor no longer registered. */
  public SensorHealth health(String name) {
    if (credentials.sensor(name) == null) return null;
    return health.computeIfAbsent(name, n -> {
      SensorHealth created = new SensorHealth(meters.counters(n));
      meters.gauges(n, created);
      return created;
    });
  }

  /** The sensor's quota bucket, or null when it has no quota. */
  QuotaBucket quota(Sensor sensor, long nowNanos) {
    if (sensor.quotaPps() <= 0 || credentials.sensor(sensor.name()) == null) return null;
    return quotas.computeIfAbsent(sensor.name(), n -> new QuotaBucket(sensor.quotaPps(), nowNanos));
  }

  /** Each sensor's last seen on this node (only those seen). */
  Map<String, Long> lastSeen() {
    Map<String, Long> seen = new HashMap<>();
    health.forEach((name, h) -> {
      long at = h.lastSeenMillis();
      if (at > 0) seen.put(name, at);
    });
    return seen;
  }

  /** Whether a periodic task is due on this node: of the handlers ticking, the first to ask runs it. */
  boolean due(String task, long intervalMs, long nowMillis) {
    AtomicLong last = lastRun.computeIfAbsent(task, t -> new AtomicLong());
    long previous = last.get();
    return nowMillis - previous >= intervalMs && last.compareAndSet(previous, nowMillis);
  }
}
