package io.netwatch.detection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.netwatch.alerts.SuppressionRepository;
import io.netwatch.config.Settings;
import io.netwatch.config.StandardVerticle;
import io.netwatch.model.Addresses;
import io.netwatch.model.Anomaly;
import io.netwatch.model.AnomalyBatch;
import io.netwatch.model.BusFailures;
import io.netwatch.model.Messages;
import io.netwatch.model.Packet;
import io.netwatch.model.PlainJson;
import io.netwatch.model.SharedJson;
import io.netwatch.model.Severity;
import io.netwatch.ops.Metrics;
import io.netwatch.persistence.Migrations;
import io.netwatch.persistence.PgConfig;
import io.netwatch.redis.RedisConfig;
import io.netwatch.redis.RedisLink;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The detection stage, answering {@code anomaly.detect}: {"anomalies": [...]} (a stored batch) to
 * {"alerts": n}. Adds the batch to the detectors' windows in Redis (one script call), engages or refreshes
 * the alerts in PostgreSQL (one statement), publishes {@code alerts.engaged} and {@code alerts.updated},
 * and every {@code release_check_ms} releases the alerts gone quiet ({@code alerts.released}). Hits a
 * suppression rule matches engage nothing ({@link Silences}); the rules are reloaded when
 * {@code suppressions.changed} says they changed, and every {@link #RULES_RELOAD_MS} in case a message was
 * missed. Windows and alerts live in Redis and PostgreSQL, so any number of instances on any number of
 * nodes see one picture.
 */
public final class DetectionVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(DetectionVerticle.class);

  private DetectionRules rules;
  private Pool pool;
  private RedisLink redis;
  private DetectionWindows windows;
  private StateBudget budget;
  private String keyPrefix;
  private long redisTimeoutMs;
  private final DetectionMeters meters = new DetectionMeters();
  /** How often the state's bytes and tracked keys are read for the meters and /ready. */
  static final long STATE_READ_MS = 5_000;
  private AlertEpisodes episodes;
  static final long RULES_RELOAD_MS = 30_000;
  static final long HITS_FLUSH_MS = 5_000;

  private SuppressionRepository suppressions;
  private final Silences silences = new Silences();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private final List<Long> timers = new ArrayList<>();
  private boolean releasing;
  /** The last batch's episode recording: the next one waits for it ({@link #recordInScriptOrder}). */
  private Future<?> lastRecorded = Future.succeededFuture();
  private final Timer latency = Metrics.timer("netwatch.detection.latency");
  private final Counter packets = Metrics.counter("netwatch.detection.packets");
  private final Counter engaged = Metrics.counter("netwatch.alerts.events", "event", "engaged");
  private final Counter updated = Metrics.counter("netwatch.alerts.events", "event", "updated");
  private final Counter released = Metrics.counter("netwatch.alerts.events", "event", "released");
  private final Counter suppressed = Metrics.counter("netwatch.detection.suppressed");
  /** The rules loaded, as last loaded by any detector instance of this JVM. */
  static final java.util.concurrent.atomic.AtomicLong RULES_LOADED =
      Metrics.gauge("netwatch.detection.suppression_rules", "state", "loaded");

  @Override
  public Future<?> start() {
    try {
      rules = DetectionRules.fromConfig(PlainJson.map(config().getJsonObject(StandardVerticle.DETECTION_RULES, new JsonObject())));
    } catch (IllegalArgumentException | ClassCastException e) {
      return Future.failedFuture(new IllegalArgumentException("invalid detection config: " + e.getMessage(), e));
    }
    Settings settings = new Settings(config().getMap());
    redisTimeoutMs = settings.integer(Settings.REDIS_TIMEOUT_MS);
    long memcapBytes = settings.integer(Settings.DETECTION_MEMCAP_MB) * 1024L * 1024L;
    long enabled = rules.detectors().values().stream().filter(DetectionRules.Rule::enabled).count();
    budget = StateBudget.of(memcapBytes, (int) enabled);
    DetectionHealth.memcap(memcapBytes);
    keyPrefix = rules.keyPrefixFor(settings.string(Settings.REDIS_STREAM_NAME));
    // Detection state may live in a Redis of its own, so that it can never take the stream's memory.
    String stateUrl = settings.string(Settings.DETECTION_REDIS_URL);
    java.util.Map<String, Object> stateSettings = new java.util.HashMap<>(config().getMap());
    if (stateUrl != null && !stateUrl.isBlank()) stateSettings.put(Settings.REDIS_URL, stateUrl);
    io.vertx.redis.client.RedisOptions redisOptions = RedisConfig.options(new Settings(stateSettings));
    // The alerts table may be new to this database: migrate as persistence does (Flyway serialises the two).
    return vertx.executeBlocking(() -> Migrations.migrate(PgConfig.connectOptions(settings))).compose(applied -> {
      pool = PgConfig.pool(vertx, settings);
      redis = new RedisLink(() -> Redis.createClient(vertx, redisOptions), "detection", false,
          io.netwatch.redis.RedisMode.from(settings));
      windows = new DetectionWindows(redis, redisTimeoutMs, keyPrefix,
          1000L * settings.integer(Settings.DETECTION_LATENESS_S));
      episodes = new AlertEpisodes(pool);
      suppressions = new SuppressionRepository(pool);
      return reloadRules();
    }).compose(loaded -> {
      SharedJson.register(vertx.eventBus());
      consumers.add(vertx.eventBus().consumer(Addresses.SUPPRESSIONS_CHANGED, message -> reloadRules()));
      MessageConsumer<Object> detect = vertx.eventBus().consumer(Addresses.DETECT, this::detect);
      consumers.add(detect);
      timers.add(vertx.setPeriodic(rules.releaseCheckMs(), id -> releaseQuiet()));
      timers.add(vertx.setPeriodic(RULES_RELOAD_MS, id -> reloadRules()));
      timers.add(vertx.setPeriodic(HITS_FLUSH_MS, id -> flushRuleHits()));
      timers.add(vertx.setPeriodic(STATE_READ_MS, id -> readState()));
      return detect.completion();
    });
  }

  @Override
  public Future<?> stop() {
    timers.forEach(vertx::cancelTimer);
    consumers.forEach(MessageConsumer::unregister);
    List<Future<?>> closing = new ArrayList<>();
    if (suppressions != null) closing.add(flushRuleHits());
    if (pool != null) closing.add(pool.close());
    if (redis != null) closing.add(redis.close());
    return Future.join(closing);
  }

  /** {@code anomaly.detect}: an {@link AnomalyBatch} from this JVM's pipeline, or {"anomalies": [...]}. */
  private void detect(Message<Object> message) {
    long start = System.nanoTime();
    List<ScoredPacket> batch = message.body() instanceof AnomalyBatch typed
        ? scoredPackets(typed.anomalies())
        : scoredPackets(((JsonObject) message.body()).getJsonArray("anomalies", new JsonArray()));
    BatchTally tally = BatchTally.of(batch, rules);
    List<Tally> touched = List.copyOf(tally.windows());
    windows.add(touched, rules, budget)
        .recover(err -> degraded(err, touched))
        .map(outcome -> {
          meters.count(outcome, System.currentTimeMillis());
          return AlertDecisions.decide(touched, outcome.counts(), tally.packetAlerts(), rules);
        })
        .map(hits -> silences.unsilenced(hits, System.currentTimeMillis()))
        .compose(this::recordInScriptOrder)
        .onSuccess(changes -> {
          publish(changes);
          packets.increment(batch.size());
          latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
          message.reply(new JsonObject().put("alerts", changes.size()));
        })
        .onFailure(err -> {
          log.warn("detection of a batch of {} failed: {}", batch.size(), err.getMessage());
          message.fail(BusFailures.UNAVAILABLE, String.valueOf(err.getMessage()));
        });
  }

  /**
   * Records a batch's hits once the batch sent before it has recorded its own: the windows script runs in the order
   * batches are sent (one pipelined connection), and the episodes must follow it. Out of order, an alert engaged
   * with a window count that already holds the earlier batch would then gain that batch's packets a second time
   * as a refresh (seen replaying a capture at --speed max: port_scan 300 packets instead of 200).
   */
  private Future<List<AlertEpisodes.Change>> recordInScriptOrder(List<AlertHit> hits) {
    Future<List<AlertEpisodes.Change>> recorded = lastRecorded.transform(previous -> episodes.record(hits));
    lastRecorded = recorded;
    return recorded;
  }

  /**
   * Redis at its maxmemory refuses the windows' writes: the batch is stored and acknowledged all the same, its
   * detector windows are not counted (per-packet alerts still are), and the node says it is in emergency mode.
   * Any other failure fails the batch, which the consumer redelivers.
   */
  private Future<DetectionWindows.Outcome> degraded(Throwable err, List<Tally> touched) {
    if (err.getMessage() == null || !err.getMessage().contains("OOM")) return Future.failedFuture(err);
    meters.degraded.increment();
    DetectionHealth.pressure(System.currentTimeMillis());
    List<AlertDecisions.WindowCount> none = Collections.nCopies(touched.size(), AlertDecisions.WindowCount.UNDER);
    return Future.succeededFuture(new DetectionWindows.Outcome(none, java.util.Map.of()));
  }

  private void readState() {
    meters.refreshEmergency(System.currentTimeMillis());
    meters.readState(redis, redisTimeoutMs, keyPrefix, rules)
        .onFailure(err -> log.debug("detection state not read: {}", err.getMessage()));
  }

  private void publish(List<AlertEpisodes.Change> changes) {
    for (AlertEpisodes.Change change : changes) {
      if (change.engaged()) {
        engaged.increment();
        vertx.eventBus().publish(Addresses.ALERTS_ENGAGED, change.alert());
      } else if (change.pushed()) {
        updated.increment();
        vertx.eventBus().publish(Addresses.ALERTS_UPDATED, change.alert());
      }
    }
  }

  private Future<Void> reloadRules() {
    return suppressions.active()
        .onSuccess(active -> {
          silences.replace(active);
          RULES_LOADED.set(active.size());
        })
        .onFailure(err -> log.warn("suppression rules not reloaded (keeping the {} loaded before): {}",
            silences.size(), err.getMessage()))
        .<Void>mapEmpty()
        .recover(err -> Future.succeededFuture());
  }

  /** Adds the packets each rule silenced to its hits in the table; kept for the next flush if that fails. */
  private Future<Void> flushRuleHits() {
    suppressed.increment(silences.drainSilenced());
    java.util.Map<Long, Long> hits = silences.drainHits();
    if (hits.isEmpty()) return Future.succeededFuture();
    return suppressions.addHits(hits).recover(err -> {
      log.warn("suppression hits not recorded yet: {}", err.getMessage());
      silences.restoreHits(hits);
      return Future.succeededFuture();
    });
  }

  /** One sweep at a time per instance; the database keeps two instances from releasing the same alert. */
  private void releaseQuiet() {
    if (releasing) return;
    releasing = true;
    episodes.releaseQuiet()
        .onSuccess(alerts -> alerts.forEach(alert -> {
          released.increment();
          vertx.eventBus().publish(Addresses.ALERTS_RELEASED, alert);
        }))
        .onFailure(err -> log.warn("releasing quiet alerts failed: {}", err.getMessage()))
        .onComplete(done -> releasing = false);
  }

  private static List<ScoredPacket> scoredPackets(List<Anomaly> anomalies) {
    List<ScoredPacket> packets = new ArrayList<>(anomalies.size());
    for (Anomaly a : anomalies) {
      Packet p = a.packet();
      packets.add(new ScoredPacket(p.srcIp(), p.dstIp(), p.protocol(), p.dstPort(), p.tcpFlags(), a.score(), a.severity(),
          a.reasons(), a.eventTimeMillis()));
    }
    return packets;
  }

  /** A stored row's capture time when it has one (ISO 8601, as persistence publishes it), else its receipt. */
  static long eventTimeMillis(JsonObject row) {
    if (row.getValue("captured_at") instanceof String captured) {
      try {
        return java.time.Instant.parse(captured).toEpochMilli();
      } catch (java.time.format.DateTimeParseException e) {
        // Not a time: the receipt is the event time, as for a packet without one.
      }
    }
    return row.getLong(Messages.RECEIVED_AT, 0L);
  }

  /** The rows as persistence stored them; a row without the fields the detectors read is skipped. */
  private static List<ScoredPacket> scoredPackets(JsonArray rows) {
    List<ScoredPacket> packets = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      if (!(rows.getValue(i) instanceof JsonObject row)) continue;
      Severity severity = Severity.fromLabel(row.getString("severity"));
      String src = row.getString("src_ip");
      String dst = row.getString("dst_ip");
      if (severity == null || src == null || dst == null) continue;
      packets.add(new ScoredPacket(src, dst, row.getString("protocol", ""), row.getInteger("dst_port", 0),
          row.getInteger("tcp_flags", 0), row.getDouble("score", 0.0), severity,
          Messages.strings(row.getJsonArray("reasons", new JsonArray())), eventTimeMillis(row)));
    }
    return packets;
  }
}
