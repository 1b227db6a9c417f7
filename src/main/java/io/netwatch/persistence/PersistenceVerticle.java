package io.netwatch.persistence;

import io.netwatch.ops.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.Counter;
import io.netwatch.config.Settings;
import io.netwatch.model.Addresses;
import io.netwatch.model.BusFailures;
import io.netwatch.model.Messages;
import io.netwatch.model.SharedJson;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Answers {@code anomaly.store}: {"anomalies": [...]} to {"stored": n}. Applies the schema migrations at
 * start, inserts each batch in one statement (idempotent on stream_id) and publishes the rows that were
 * new on {@code anomalies.new} once they are committed.
 */
public final class PersistenceVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(PersistenceVerticle.class);

  private Pool pool;
  private AnomalyRepository repository;
  private MessageConsumer<JsonObject> consumer;
  private final Timer latency = Metrics.timer("netwatch.persistence.latency");
  private final Timer ingestToPublish = Metrics.timer("netwatch.pipeline.latency");
  private final Counter persisted = Metrics.counter("netwatch.persistence.rows");

  @Override
  public Future<?> start() {
    Settings settings = new Settings(config().getMap());
    PgConnectOptions connectOptions = PgConfig.connectOptions(settings);
    return vertx.executeBlocking(() -> Migrations.migrate(connectOptions))
        .onSuccess(applied -> {
          if (applied > 0) log.info("applied {} schema migration(s)", applied);
        })
        .compose(applied -> {
          pool = PgConfig.pool(vertx, settings);
          repository = new AnomalyRepository(pool);
          SharedJson.register(vertx.eventBus());
          consumer = vertx.eventBus().consumer(Addresses.STORE, this::store);
          return consumer.completion();
        });
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  private void store(Message<JsonObject> message) {
    JsonArray anomalies = message.body().getJsonArray("anomalies");
    if (anomalies == null || anomalies.isEmpty()) {
      message.reply(new JsonObject().put("stored", 0));
      return;
    }
    List<JsonObject> batch;
    try {
      batch = Messages.jsonObjects(anomalies);
    } catch (ClassCastException e) {
      message.fail(BusFailures.REJECTED_DATA, "anomalies must be JSON objects");
      return;
    }
    long start = System.nanoTime();
    repository.insert(batch)
        .onSuccess(rows -> {
          latency.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
          persisted.increment(rows.size());
          long now = System.currentTimeMillis();
          for (JsonObject anomaly : batch) {
            Metrics.recordMillis(ingestToPublish, now - anomaly.getLong(Messages.RECEIVED_AT, now));
          }
          // The INSERT ran in its own implicit transaction: these rows are committed now.
          if (!rows.isEmpty()) vertx.eventBus().publish(Addresses.NEW_ANOMALIES, Messages.anomalies(rows));
          message.reply(new JsonObject().put("stored", rows.size()));
        })
        .onFailure(err -> {
          boolean dataError = err instanceof PgException pg && pg.getSqlState() != null
              && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"));
          log.warn("storing {} anomalies failed: {}", batch.size(), err.getMessage());
          message.fail(dataError ? BusFailures.REJECTED_DATA : BusFailures.UNAVAILABLE, String.valueOf(err.getMessage()));
        });
  }
}
