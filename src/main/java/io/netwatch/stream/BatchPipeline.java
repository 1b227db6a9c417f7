package io.netwatch.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.netwatch.model.Addresses;
import io.netwatch.model.BusFailures;
import io.netwatch.model.Messages;
import io.netwatch.model.SharedJson;
import io.netwatch.ops.Metrics;
import io.netwatch.redis.RedisLink;
import io.netwatch.redis.StreamEntry;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Takes a batch of stream entries through {@code anomaly.score}, {@code anomaly.store} and (DETECTORS on)
 * {@code anomaly.detect}, retrying each step with backoff until it is done (stored means committed), and
 * only then acknowledges the entries. What can never
 * be processed (no valid packet, refused by the scorer, rows PostgreSQL rejects) goes to
 * {@code <stream>:dead} with its error and original fields, so it does not hold the rest back.
 */
final class BatchPipeline {
  private static final Logger log = LoggerFactory.getLogger(BatchPipeline.class);
  /** While stopping, a batch is retried this often at most, then left pending for the next consumer. */
  static final int RETRIES_WHILE_STOPPING = 3;

  private final EventBus eventBus;
  private final RedisLink commands;
  private final StreamRequests requests;
  private final Retries retries;
  private final DeliveryOptions busDeadline;
  private final long redisTimeoutMs;
  private final BooleanSupplier stopping;
  private final boolean detect;
  private final Counter deadLettered = Metrics.counter("netwatch.stream.dead_lettered");
  private final Counter acknowledged = Metrics.counter("netwatch.stream.acknowledged");
  private final DistributionSummary batchSizes = Metrics.summary("netwatch.stream.batch_size");
  private final DeadLetterLog deadLetterLog;

  BatchPipeline(EventBus eventBus, RedisLink commands, StreamRequests requests, Retries retries,
      ConsumerSettings settings, BooleanSupplier stopping) {
    this.eventBus = eventBus;
    this.commands = commands;
    this.requests = requests;
    this.retries = retries;
    SharedJson.register(eventBus);
    this.busDeadline = SharedJson.options().setSendTimeout(settings.busTimeoutMs());
    this.redisTimeoutMs = settings.redisTimeoutMs();
    this.stopping = stopping;
    this.detect = settings.detect();
    this.deadLetterLog = new DeadLetterLog(requests.deadLetterStream());
  }

  /** The dead-letter WARNs, digested: the consumer flushes them on a timer and drains them as it stops. */
  DeadLetterLog deadLetterLog() {
    return deadLetterLog;
  }

  /** Scores and stores the entries, dead-letters what cannot be processed, then acknowledges all of them. */
  Future<Void> process(List<StreamEntry> entries) {
    batchSizes.record(entries.size());
    DecodedBatch batch = DecodedBatch.of(entries);
    Future<Void> undecodable = deadLetterEach(batch.undecodable(), "entry has no valid packet field");
    Future<Void> stored = batch.packets().isEmpty() ? Future.succeededFuture() : scoreAndStore(batch);
    return Future.join(undecodable, stored).compose(done -> acknowledge(batch.ids()));
  }

  /** Moves entries that must not be tried again to the dead letters, then acknowledges them. */
  Future<Void> deadLetterAll(List<StreamEntry> entries, String error) {
    List<String> ids = entries.stream().map(StreamEntry::id).toList();
    return deadLetterEach(entries, error).compose(done -> acknowledge(ids));
  }

  /**
   * Scoring, storing and detection are retried each on its own until they succeed: a batch whose store
   * failed is not scored again, so packets the scorer refused are dead-lettered once. Detection sees every
   * scored row, stored now or by an earlier delivery, so a replayed batch still reaches the detectors
   * (which are built to take a batch twice).
   */
  private Future<Void> scoreAndStore(DecodedBatch batch) {
    return untilDone("scored", batch, () -> score(batch))
        .map(ScoredAnomalies::of)
        .compose(anomalies -> deadLetterRefused(anomalies.rejected(), batch).map(anomalies))
        .compose(anomalies -> untilDone("stored", batch, () -> store(anomalies, batch))
            .compose(stored -> detect && !anomalies.isEmpty()
                ? untilDone("detected", batch, () -> detect(anomalies)) : Future.succeededFuture()));
  }

  private Future<Void> detect(ScoredAnomalies anomalies) {
    return eventBus.request(Addresses.DETECT, anomalies.body(), busDeadline).mapEmpty();
  }

  private <T> Future<T> untilDone(String step, DecodedBatch batch, Supplier<Future<T>> attempt) {
    return retrying(step, batch, attempt, 0);
  }

  private <T> Future<T> retrying(String step, DecodedBatch batch, Supplier<Future<T>> attempt, int failuresInRow) {
    return attempt.get().recover(err -> {
      int failures = failuresInRow + 1;
      if (stopping.getAsBoolean() && failures > RETRIES_WHILE_STOPPING) return Future.failedFuture(err);
      if (Backoff.worthLogging(failures)) {
        log.warn("batch of {} not {} yet ({} failures in a row), retrying in {} ms: {}", batch.packets().size(), step,
            failures, Backoff.delayMs(failures), err.getMessage());
      }
      return retries.after(failures, () -> retrying(step, batch, attempt, failures));
    });
  }

  /** The scorer's reply (see {@link ScoredAnomalies#of}). */
  private Future<Object> score(DecodedBatch batch) {
    JsonObject request = new JsonObject().put("packets", batch.packets());
    return eventBus.request(Addresses.SCORE, request, busDeadline).map(Message::body);
  }

  private Future<Void> deadLetterRefused(JsonArray rejected, DecodedBatch batch) {
    List<Future<Void>> refused = new ArrayList<>();
    for (Object item : rejected) {
      JsonObject rejection = (JsonObject) item;
      StreamEntry entry = batch.entry(rejection.getString(Messages.STREAM_ID));
      if (entry != null) refused.add(deadLetter(entry, "rejected by scorer: " + rejection.getString("error")));
    }
    return Future.all(refused).mapEmpty();
  }

  /**
   * Stores the anomalies in one transaction. If PostgreSQL rejects them as data, one bad row would fail
   * every batch it is in: they are stored one by one and only the rows rejected alone are dead-lettered.
   */
  private Future<Void> store(ScoredAnomalies anomalies, DecodedBatch batch) {
    if (anomalies.isEmpty()) return Future.succeededFuture();
    return eventBus.request(Addresses.STORE, anomalies.body(), busDeadline)
        .<Void>mapEmpty()
        .recover(err -> {
          if (!isRejectedData(err)) return Future.failedFuture(err);
          if (anomalies.size() == 1) {
            StreamEntry entry = batch.entry(anomalies.streamId(0));
            return deadLetter(entry, "rejected by database: " + err.getMessage());
          }
          List<Future<Void>> singles = new ArrayList<>(anomalies.size());
          for (int i = 0; i < anomalies.size(); i++) {
            singles.add(store(anomalies.single(i), batch));
          }
          return Future.all(singles).mapEmpty();
        });
  }

  private static boolean isRejectedData(Throwable err) {
    return err instanceof ReplyException reply && reply.failureCode() == BusFailures.REJECTED_DATA;
  }

  private Future<Void> deadLetterEach(List<StreamEntry> entries, String error) {
    List<Future<Void>> moved = new ArrayList<>(entries.size());
    for (StreamEntry entry : entries) moved.add(deadLetter(entry, error));
    return Future.all(moved).mapEmpty();
  }

  private Future<Void> deadLetter(StreamEntry entry, String error) {
    deadLetterLog.record(entry.id(), error);
    deadLettered.increment();
    return commands.send(requests.deadLetter(entry.id(), error, entry.fields()), redisTimeoutMs).mapEmpty();
  }

  private Future<Void> acknowledge(List<String> ids) {
    return commands.send(requests.ack(ids), redisTimeoutMs)
        .onSuccess(reply -> acknowledged.increment(ids.size()))
        .mapEmpty();
  }
}
