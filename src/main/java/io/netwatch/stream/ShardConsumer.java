package io.netwatch.stream;

import io.netwatch.redis.RedisLink;
import io.netwatch.redis.RedisMode;
import io.netwatch.redis.StreamEntry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.stream.Collectors.partitioningBy;

/**
 * Reads one stream key (the stream, or one of its shards) as one consumer of the group and hands each batch to
 * the {@link BatchPipeline} ({@code anomaly.score} then {@code anomaly.store}; acknowledged only once committed),
 * at most MAX_IN_FLIGHT batches at once. On start it first replays its own pending entries. Entries idle too
 * long in other consumers' lists are reclaimed; acknowledged entries are trimmed by the {@link StreamTrimmer}.
 * Everything it sends names its one key: in a Redis Cluster, one hash slot.
 */
final class ShardConsumer {
  private static final Logger log = LoggerFactory.getLogger(ShardConsumer.class);
  private static final long STOP_GRACE_MS = 10_000;
  /** XREADGROUP from here reads this consumer's own pending entries; XAUTOCLAIM's cursor ends here. */
  private static final String FIRST_ID = "0-0";
  private static final String NEW_ENTRIES = ">";

  private final Vertx vertx;
  private final ConsumerSettings settings;
  private final String consumerName;
  private StreamRequests requests;
  private RedisLink reader;
  private RedisLink commands;
  private BatchPipeline pipeline;
  private StreamTrimmer trimmer;
  private Retries retries;
  private final InFlightBatches batches = new InFlightBatches();

  /** While this consumer replays its own pending entries: the id to read after; null once it reads new ones. */
  private String replayCursor = FIRST_ID;
  /** The read under way (or the last one): stop waits for it, as the entries it delivers are ours to finish. */
  private Future<?> lastRead = Future.succeededFuture();
  private boolean stopping;

  /** {@code clients} makes clients of the platform's Redis (standalone or cluster: {@code mode}). */
  ShardConsumer(Vertx vertx, ConsumerSettings settings, String consumerName, Supplier<Redis> clients,
                RedisMode mode) {
    this.vertx = vertx;
    this.settings = settings;
    this.consumerName = consumerName;
    assemble(clients, mode);
  }

  Future<Void> start() {
    return createGroup().onSuccess(ready -> runLoops());
  }

  Future<Void> stop() {
    stopping = true;
    return lastRead.transform(read -> batches.drained())
        .timeout(STOP_GRACE_MS, MILLISECONDS)
        .recover(err -> {
          log.warn("stopping with {} batch(es) unfinished; they stay pending for the next consumer", batches.count());
          return Future.succeededFuture();
        })
        .eventually(() -> Future.join(reader.close(), commands.close()))
        .mapEmpty();
  }

  private void assemble(Supplier<Redis> clients, RedisMode mode) {
    requests = new StreamRequests(settings.stream(), settings.group(), settings.idTag());
    // XREADGROUP BLOCK holds its connection: it gets one of its own, commands get another.
    reader = new RedisLink(clients, "stream reader", false, mode);
    commands = new RedisLink(clients, "stream commands", false, mode);
    retries = new Retries(vertx);
    pipeline = new BatchPipeline(vertx.eventBus(), commands, requests, retries, settings, () -> stopping);
    trimmer = new StreamTrimmer(commands, requests, settings.stream(), settings.redisTimeoutMs());
  }

  /** Reads (own pending entries first, then new ones), claims idle entries and trims acknowledged ones. */
  private void runLoops() {
    log.info("consumer {} reading stream {} (batch {}, {} in flight)", consumerName, settings.stream(),
        settings.batchSize(), settings.maxInFlight());
    readWhenSlotFree(0);
    claimEvery(settings.claimIntervalMs());
    trimEvery(settings.trimIntervalMs());
  }

  private Future<Void> createGroup() {
    return commands.send(requests.createGroup(), settings.redisTimeoutMs())
        .<Void>mapEmpty()
        .recover(err -> isRedisError(err, "BUSYGROUP") ? Future.succeededFuture() : Future.failedFuture(err));
  }

  /** Redis error replies start with their code, e.g. "NOGROUP No such key ...". */
  private static boolean isRedisError(Throwable err, String code) {
    return String.valueOf(err.getMessage()).startsWith(code);
  }

  /** Own pending entries are replayed one batch at a time, so that a batch is never read twice. */
  private void readWhenSlotFree(int failuresInRow) {
    batches.fewerThan(replayCursor != null ? 1 : settings.maxInFlight())
        .onSuccess(free -> {
          if (!stopping) read(failuresInRow);
        });
  }

  private void read(int failuresInRow) {
    String from = replayCursor != null ? replayCursor : NEW_ENTRIES;
    lastRead = reader.send(requests.readGroup(consumerName, settings.batchSize(), settings.blockMs(), from),
            settings.readTimeoutMs())
        .map(reply -> requests.tag(StreamEntry.fromReadReply(reply)))
        .andThen(read -> {
          // Even when stopping: the entries were delivered to us and would otherwise wait for XAUTOCLAIM.
          if (read.succeeded()) processRead(read.result());
          if (stopping) return;
          if (read.succeeded()) {
            readWhenSlotFree(0);
          } else {
            retryRead(read.cause(), failuresInRow + 1);
          }
        });
  }

  private void processRead(List<StreamEntry> entries) {
    if (replayCursor != null) {
      replayCursor = entries.isEmpty() ? null : requests.untag(entries.get(entries.size() - 1).id());
    }
    if (!entries.isEmpty()) process(entries);
  }

  private void retryRead(Throwable err, int failuresInRow) {
    boolean groupMissing = isRedisError(err, "NOGROUP");
    if (groupMissing) {
      log.warn("group missing on {}: creating it again", settings.stream());
    } else if (Backoff.worthLogging(failuresInRow)) {
      log.warn("reading {} failed ({} in a row), retrying in {} ms: {}", settings.stream(), failuresInRow,
          Backoff.delayMs(failuresInRow), err.getMessage());
    }
    retries.after(failuresInRow, () -> groupMissing ? createGroup() : Future.succeededFuture())
        .onComplete(retried -> readWhenSlotFree(failuresInRow));
  }

  private void process(List<StreamEntry> entries) {
    track(pipeline.process(entries));
  }

  private void track(Future<Void> batch) {
    batches.track(batch.onFailure(err -> {
      if (!stopping) log.warn("batch left pending: {}", err.getMessage());
    }));
  }

  /** One claim round after another, never two at once. */
  private void claimEvery(long intervalMs) {
    vertx.timer(intervalMs, MILLISECONDS)
        .compose(elapsed -> claimIdleEntries(FIRST_ID))
        .onComplete(round -> {
          if (!stopping) claimEvery(intervalMs);
        });
  }

  /**
   * Takes over entries idle longer than CLAIM_IDLE_MS in any consumer's pending list (a dead consumer's,
   * or our own failed ones), following XAUTOCLAIM's cursor. Not while replaying our own pending entries
   * or at MAX_IN_FLIGHT: claimed entries would be read twice, or pile up.
   */
  private Future<Void> claimIdleEntries(String cursor) {
    if (stopping || replayCursor != null || batches.count() >= settings.maxInFlight()) return Future.succeededFuture();
    Request claim = requests.autoClaim(consumerName, settings.claimIdleMs(), cursor, settings.batchSize());
    return commands.send(claim, settings.redisTimeoutMs())
        .compose(this::takeOver)
        .compose(next -> FIRST_ID.equals(next) ? Future.succeededFuture() : claimIdleEntries(next));
  }

  /**
   * Processes the claimed entries, but dead-letters those delivered more than MAX_DELIVERIES times instead
   * of trying them again. Answers XAUTOCLAIM's cursor for the next round.
   */
  private Future<String> takeOver(Response claimed) {
    String next = claimed.get(0).toString();
    List<StreamEntry> entries = requests.tag(StreamEntry.fromClaimReply(claimed));
    if (entries.isEmpty()) return Future.succeededFuture(next);
    log.info("claimed {} idle entries", entries.size());
    int maxDeliveries = settings.maxDeliveries();
    return deliveryCounts(entries).map(counts -> {
      Map<Boolean, List<StreamEntry>> deliveredTooOften = entries.stream()
          .collect(partitioningBy(e -> counts.getOrDefault(e.id(), 1L) > maxDeliveries));
      List<StreamEntry> poison = deliveredTooOften.get(true);
      List<StreamEntry> retry = deliveredTooOften.get(false);
      if (!poison.isEmpty()) track(pipeline.deadLetterAll(poison, "delivered more than " + maxDeliveries + " times"));
      if (!retry.isEmpty()) process(retry);
      return next;
    });
  }

  private Future<Map<String, Long>> deliveryCounts(List<StreamEntry> entries) {
    String first = entries.get(0).id();
    String last = entries.get(entries.size() - 1).id();
    return commands.send(requests.pendingRange(first, last, entries.size() * 2), settings.redisTimeoutMs())
        .map(reply -> {
          Map<String, Long> counts = new HashMap<>();
          for (Response item : reply) counts.put(requests.tag(item.get(0).toString()), item.get(3).toLong());
          return counts;
        });
  }

  private void trimEvery(long intervalMs) {
    vertx.timer(intervalMs, MILLISECONDS)
        .compose(elapsed -> stopping ? Future.succeededFuture() : trimmer.trimAcknowledged())
        .onFailure(err -> log.debug("trim skipped: {}", err.getMessage()))
        .onComplete(round -> {
          if (!stopping) trimEvery(intervalMs);
        });
  }
}
