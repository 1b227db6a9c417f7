package io.netwatch.stream;

import java.util.concurrent.atomic.AtomicLong;
import io.netwatch.ops.Metrics;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Counter;
import io.netwatch.config.Settings;
import io.netwatch.model.Addresses;
import io.netwatch.model.BusFailures;
import io.netwatch.model.Messages;
import io.netwatch.redis.RedisConfig;
import io.netwatch.redis.RedisLink;
import io.netwatch.redis.StreamEntry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Redis Stream as one consumer of the group and drives each batch through
 * {@code anomaly.score} then {@code anomaly.store}; an entry is acknowledged only once its row is
 * committed. On start it first replays its own pending entries. Entries idle too long in other
 * consumers' lists are reclaimed; entries that cannot be processed go to {@code <stream>:dead}.
 */
public final class StreamConsumerVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(StreamConsumerVerticle.class);
  private static final long MAX_RETRY_MS = 5_000;
  private static final long STOP_GRACE_MS = 10_000;

  private String stream;
  private String consumerName;
  private int batchSize;
  private long blockMs;
  private int maxInFlight;
  private long claimIdleMs;
  private int maxDeliveries;
  private long redisTimeoutMs;
  private long busTimeoutMs;
  private long trimIntervalMs;
  private StreamRequests requests;
  private RedisLink reader;
  private RedisLink commands;

  /** Non-null while this consumer is still replaying its own pending entries: the id to read after. */
  private String pendingCursor = "0";
  private boolean reading;
  private boolean claiming;
  private boolean stopping;
  private int inFlight;
  private long readFailures;
  private Promise<Void> drained;
  private final List<Long> timers = new ArrayList<>();
  private final Counter deadLettered = Metrics.counter("netwatch.stream.dead_lettered");
  private final Counter acknowledged = Metrics.counter("netwatch.stream.acknowledged");
  private final DistributionSummary batchSizes = Metrics.summary("netwatch.stream.batch_size");
  private AtomicLong backlog;
  private AtomicLong lag;

  @Override
  public Future<?> start() {
    Settings settings = new Settings(config().getMap());
    stream = settings.string(Settings.REDIS_STREAM_NAME);
    batchSize = settings.integer(Settings.BATCH_SIZE);
    blockMs = settings.integer(Settings.BLOCK_MS);
    maxInFlight = Math.max(1, settings.integer(Settings.MAX_IN_FLIGHT));
    claimIdleMs = settings.integer(Settings.CLAIM_IDLE_MS);
    maxDeliveries = settings.integer(Settings.MAX_DELIVERIES);
    redisTimeoutMs = settings.integer(Settings.REDIS_TIMEOUT_MS);
    busTimeoutMs = Math.max(10_000, claimIdleMs / 2);
    trimIntervalMs = settings.integer(Settings.TRIM_INTERVAL_MS);
    requests = new StreamRequests(stream, settings.string(Settings.CONSUMER_GROUP));
    backlog = Metrics.gauge("netwatch.stream.backlog", "stream", stream);
    lag = Metrics.gauge("netwatch.stream.lag", "stream", stream);
    // XREADGROUP BLOCK holds its connection: it gets one of its own, commands get another.
    reader = new RedisLink(() -> Redis.createClient(vertx, RedisConfig.options(settings)), "stream reader", false);
    commands = new RedisLink(() -> Redis.createClient(vertx, RedisConfig.options(settings)), "stream commands", false);
    return consumerName(settings.string(Settings.CONSUMER_NAME))
        .compose(name -> {
          consumerName = name;
          return createGroup();
        })
        .onSuccess(v -> {
          log.info("consumer {} reading stream {} (batch {}, {} in flight)", consumerName, stream, batchSize,
              maxInFlight);
          timers.add(vertx.setPeriodic(Math.max(1_000, claimIdleMs / 2), id -> claimIdleEntries("0-0")));
          timers.add(vertx.setPeriodic(trimIntervalMs, id -> trimAcknowledged()));
          readNext();
        });
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    timers.forEach(vertx::cancelTimer);
    drained = Promise.promise();
    completeIfDrained();
    return drained.future()
        .timeout(STOP_GRACE_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
        .recover(err -> {
          log.warn("stopping with {} batch(es) unfinished; they stay pending for the next consumer", inFlight);
          return Future.succeededFuture();
        })
        .eventually(() -> Future.join(reader.close(), commands.close()));
  }

  private void completeIfDrained() {
    if (stopping && drained != null && inFlight == 0 && !reading) drained.tryComplete();
  }

  /** CONSUMER_NAME if set, else host name plus this instance's index: stable across restarts. */
  private Future<String> consumerName(String configured) {
    Future<String> base = configured != null && !configured.isBlank()
        ? Future.succeededFuture(configured)
        : vertx.executeBlocking(StreamConsumerVerticle::hostName);
    return base.compose(name -> vertx.sharedData().getLocalCounter("consumer-index:" + deploymentID() + ":" + name)
        .compose(io.vertx.core.shareddata.Counter::getAndIncrement)
        .map(index -> name + "-" + index));
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) return env;
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "analyzer";
    }
  }

  private Future<Void> createGroup() {
    return commands.send(requests.createGroup(), redisTimeoutMs)
        .<Void>mapEmpty()
        .recover(err -> String.valueOf(err.getMessage()).startsWith("BUSYGROUP")
            ? Future.succeededFuture()
            : Future.failedFuture(err));
  }

  private void readNext() {
    if (stopping || reading || inFlight >= maxInFlight) return;
    // Own pending entries are replayed one batch at a time, so a batch is never read twice.
    if (pendingCursor != null && inFlight > 0) return;
    reading = true;
    String from = pendingCursor != null ? pendingCursor : ">";
    reader.send(requests.readGroup(consumerName, batchSize, blockMs, from), blockMs + redisTimeoutMs)
        .onComplete(ar -> {
          reading = false;
          if (stopping) {
            // Entries delivered by the read that was under way are ours now: finish them too.
            if (ar.succeeded()) {
              List<StreamEntry> late = StreamEntry.fromReadReply(ar.result());
              if (!late.isEmpty()) process(late);
            }
            completeIfDrained();
            return;
          }
          if (ar.failed()) {
            onReadFailure(ar.cause());
            return;
          }
          readFailures = 0;
          List<StreamEntry> entries = StreamEntry.fromReadReply(ar.result());
          if (pendingCursor != null) {
            pendingCursor = entries.isEmpty() ? null : entries.get(entries.size() - 1).id();
          }
          if (!entries.isEmpty()) process(entries);
          readNext();
        });
  }

  private void onReadFailure(Throwable err) {
    readFailures++;
    long delay = Math.min(MAX_RETRY_MS, 100L << Math.min(6, readFailures));
    if (String.valueOf(err.getMessage()).startsWith("NOGROUP")) {
      log.warn("group missing on {}: creating it again", stream);
      createGroup().onComplete(ar -> vertx.setTimer(delay, id -> readNext()));
      return;
    }
    if (readFailures == 1 || readFailures % 20 == 0) {
      log.warn("reading {} failed ({} in a row), retrying in {} ms: {}", stream, readFailures, delay, err.getMessage());
    }
    vertx.setTimer(delay, id -> readNext());
  }

  private void process(List<StreamEntry> entries) {
    batchSizes.record(entries.size());
    track(handle(entries));
  }

  /** Counts a batch in flight until its work completes, then reads on. */
  private void track(Future<Void> work) {
    inFlight++;
    work.onComplete(ar -> {
      if (ar.failed() && !stopping) log.warn("batch left pending: {}", ar.cause().getMessage());
      inFlight--;
      completeIfDrained();
      readNext();
    });
  }

  /** Scores and stores a batch, dead-letters what cannot be processed, then acknowledges all of it. */
  private Future<Void> handle(List<StreamEntry> entries) {
    List<String> ids = new ArrayList<>(entries.size());
    JsonArray packets = new JsonArray(new ArrayList<>(entries.size()));
    Map<String, StreamEntry> byId = new HashMap<>();
    List<Future<Void>> deadLetters = new ArrayList<>();
    for (StreamEntry entry : entries) {
      ids.add(entry.id());
      byId.put(entry.id(), entry);
      if (entry.fields().isEmpty()) continue; // deleted while pending: nothing left to process
      JsonObject packet = decodePacket(entry);
      if (packet == null) {
        deadLetters.add(deadLetter(entry, "entry has no valid packet field"));
      } else {
        packets.add(packet);
      }
    }
    Future<Void> processed = packets.isEmpty()
        ? Future.succeededFuture()
        : scoreAndStore(packets, byId, 0);
    return Future.all(deadLetters).compose(v -> processed).compose(v -> acknowledge(ids));
  }

  private static JsonObject decodePacket(StreamEntry entry) {
    String json = entry.fields().get("packet");
    if (json == null) return null;
    try {
      JsonObject packet = new JsonObject(json);
      long receivedAt;
      try {
        receivedAt = Long.parseLong(entry.fields().getOrDefault(Messages.RECEIVED_AT, ""));
      } catch (NumberFormatException e) {
        receivedAt = streamIdMillis(entry.id());
      }
      return packet.put(Messages.STREAM_ID, entry.id()).put(Messages.RECEIVED_AT, receivedAt);
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  private static long streamIdMillis(String id) {
    int dash = id.indexOf('-');
    return Long.parseLong(dash < 0 ? id : id.substring(0, dash));
  }

  private Future<Void> scoreAndStore(JsonArray packets, Map<String, StreamEntry> byId, int attempt) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(busTimeoutMs);
    return vertx.eventBus().<JsonObject>request(Addresses.SCORE, new JsonObject().put("packets", packets), options)
        .compose(reply -> {
          List<Future<Void>> rejected = new ArrayList<>();
          for (Object r : reply.body().getJsonArray("rejected", new JsonArray())) {
            JsonObject rejection = (JsonObject) r;
            StreamEntry entry = byId.get(rejection.getString(Messages.STREAM_ID));
            if (entry != null) rejected.add(deadLetter(entry, "rejected by scorer: " + rejection.getString("error")));
          }
          JsonArray anomalies = reply.body().getJsonArray("anomalies", new JsonArray());
          return Future.all(rejected).compose(v -> store(anomalies, byId));
        })
        .recover(err -> {
          if (stopping && attempt >= 3) return Future.failedFuture(err);
          long delay = Math.min(MAX_RETRY_MS, 100L << Math.min(6, attempt));
          if (attempt == 0 || attempt % 10 == 0) {
            log.warn("batch of {} not stored yet (attempt {}), retrying in {} ms: {}", packets.size(), attempt + 1,
                delay, err.getMessage());
          }
          Promise<Void> retried = Promise.promise();
          vertx.setTimer(delay, id -> scoreAndStore(packets, byId, attempt + 1).onComplete(retried));
          return retried.future();
        });
  }

  /** Stores the batch; if PostgreSQL rejects it as data, stores entries one by one and dead-letters the bad ones. */
  private Future<Void> store(JsonArray anomalies, Map<String, StreamEntry> byId) {
    if (anomalies.isEmpty()) return Future.succeededFuture();
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(busTimeoutMs);
    return vertx.eventBus().request(Addresses.STORE, new JsonObject().put("anomalies", anomalies), options)
        .<Void>mapEmpty()
        .recover(err -> {
          if (!(err instanceof ReplyException re) || re.failureCode() != BusFailures.REJECTED_DATA) {
            return Future.failedFuture(err);
          }
          if (anomalies.size() == 1) {
            StreamEntry entry = byId.get(anomalies.getJsonObject(0).getString(Messages.STREAM_ID));
            return deadLetter(entry, "rejected by database: " + err.getMessage());
          }
          List<Future<Void>> singles = new ArrayList<>();
          for (int i = 0; i < anomalies.size(); i++) {
            singles.add(store(new JsonArray().add(anomalies.getJsonObject(i)), byId));
          }
          return Future.all(singles).mapEmpty();
        });
  }

  private Future<Void> deadLetter(StreamEntry entry, String error) {
    log.warn("entry {} moved to {}: {}", entry.id(), requests.deadLetterStream(), error);
    deadLettered.increment();
    return commands.send(requests.deadLetter(entry.id(), error, entry.fields()), redisTimeoutMs).mapEmpty();
  }

  private Future<Void> acknowledge(List<String> ids) {
    return commands.send(requests.ack(ids), redisTimeoutMs)
        .onSuccess(n -> acknowledged.increment(ids.size()))
        .mapEmpty();
  }

  /**
   * Takes over entries idle longer than CLAIM_IDLE_MS in any consumer's pending list (a dead consumer's,
   * or our own failed ones), following XAUTOCLAIM's cursor. Entries delivered more than MAX_DELIVERIES
   * times are dead-lettered instead of being tried again.
   */
  private void claimIdleEntries(String cursor) {
    if (stopping || claiming || inFlight >= maxInFlight || pendingCursor != null) return;
    claiming = true;
    commands.send(requests.autoClaim(consumerName, claimIdleMs, cursor, batchSize), redisTimeoutMs)
        .compose(reply -> {
          String next = reply.get(0).toString();
          List<StreamEntry> entries = StreamEntry.fromClaimReply(reply);
          if (entries.isEmpty()) return Future.succeededFuture(next);
          log.info("claimed {} idle entries", entries.size());
          return withDeliveryCounts(entries).map(counts -> {
            List<StreamEntry> retry = new ArrayList<>();
            List<StreamEntry> poison = new ArrayList<>();
            for (StreamEntry e : entries) {
              (counts.getOrDefault(e.id(), 1L) > maxDeliveries ? poison : retry).add(e);
            }
            if (!poison.isEmpty()) track(deadLetterAll(poison, "delivered more than " + maxDeliveries + " times"));
            if (!retry.isEmpty()) process(retry);
            return next;
          });
        })
        .onComplete(ar -> {
          claiming = false;
          if (ar.succeeded() && !"0-0".equals(ar.result())) claimIdleEntries(ar.result());
        });
  }

  private Future<Map<String, Long>> withDeliveryCounts(List<StreamEntry> entries) {
    String first = entries.get(0).id();
    String last = entries.get(entries.size() - 1).id();
    return commands.send(requests.pendingRange(first, last, entries.size() * 2), redisTimeoutMs).map(reply -> {
      Map<String, Long> counts = new HashMap<>();
      for (Response item : reply) counts.put(item.get(0).toString(), item.get(3).toLong());
      return counts;
    });
  }

  private Future<Void> deadLetterAll(List<StreamEntry> entries, String error) {
    List<Future<Void>> moved = new ArrayList<>(entries.size());
    List<String> ids = new ArrayList<>(entries.size());
    for (StreamEntry e : entries) {
      moved.add(deadLetter(e, error));
      ids.add(e.id());
    }
    return Future.all(moved).compose(v -> acknowledge(ids));
  }

  /** Trims acknowledged entries: everything below the oldest entry any group still needs. */
  private void trimAcknowledged() {
    commands.send(requests.groups(), redisTimeoutMs)
        .compose(groups -> {
          List<Future<TrimPoint.GroupProgress>> progress = new ArrayList<>();
          for (Response group : groups) {
            Map<String, String> info = pairs(group);
            String name = info.get("name");
            if (info.get("lag") != null && name.equals(requests.group())) lag.set(parseLong(info.get("lag")));
            String lastDelivered = info.get("last-delivered-id");
            progress.add(commands.send(requests.pendingSummary(name), redisTimeoutMs).map(summary ->
                new TrimPoint.GroupProgress(
                    summary.get(0).toLong() > 0 ? summary.get(1).toString() : null, lastDelivered)));
          }
          return Future.all(progress).map(all -> TrimPoint.minimumToKeep(all.list()));
        })
        .compose(minId -> minId == null ? Future.succeededFuture() : commands.send(requests.trimBelow(minId),
            redisTimeoutMs))
        .compose(trimmed -> commands.send(requests.length(), redisTimeoutMs))
        .onSuccess(length -> backlog.set(length.toLong()))
        .onFailure(err -> log.debug("trim skipped: {}", err.getMessage()));
  }

  private static long parseLong(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** A RESP2 flat [key, value, key, value, ...] reply as a map. */
  private static Map<String, String> pairs(Response flat) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      Response value = flat.get(i + 1);
      map.put(flat.get(i).toString(), value == null ? null : value.toString());
    }
    return map;
  }
}
