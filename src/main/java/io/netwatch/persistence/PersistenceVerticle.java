package io.netwatch.persistence;

import io.netwatch.ops.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.Counter;
import io.netwatch.config.Settings;
import io.netwatch.model.Addresses;
import io.netwatch.model.Anomaly;
import io.netwatch.model.AnomalyBatch;
import io.netwatch.model.BusFailures;
import io.netwatch.model.Messages;
import io.netwatch.model.Severity;
import io.netwatch.model.SharedJson;
import io.netwatch.ops.StorageUsage;
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
 * Answers {@code anomaly.store}: {"anomalies": [...]} to {"stored": n, "rolled_up_only": m} (packets below
 * STORE_MIN_SEVERITY are only counted in the rollups). Applies the schema migrations at
 * start, inserts each batch in one statement (idempotent on stream_id and received_at) and publishes the rows
 * that were new on {@code anomalies.new} once they are committed. Runs {@link StorageMaintenance} at start and
 * every 10 minutes (partitions ahead, retention: RETENTION_RAW_HOURS, RETENTION_ALERTS_DAYS,
 * RETENTION_ROLLUP_DAYS) and keeps the {@code netwatch_storage_*} gauges current.
 */
public final class PersistenceVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(PersistenceVerticle.class);
  /** Partitions are created {@link PartitionPlan#HOURS_AHEAD} hours ahead: every 10 min is plenty. */
  static final long MAINTENANCE_INTERVAL_MS = 10 * 60 * 1000;
  static final long USAGE_INTERVAL_MS = 60 * 1000;

  private Pool pool;
  private AnomalyRepository repository;
  private MessageConsumer<Object> consumer;
  private final Timer latency = Metrics.timer("netwatch.persistence.latency");
  private final Timer ingestToPublish = Metrics.timer("netwatch.pipeline.latency");
  private final Counter persisted = Metrics.counter("netwatch.persistence.rows");
  private final Counter rolledUpOnly = Metrics.counter("netwatch.persistence.rolled_up_only");
  private final Counter partitionsCreated = Metrics.counter("netwatch.storage.partitions.added");
  private final Counter partitionsDropped = Metrics.counter("netwatch.storage.partitions.dropped");
  private final Counter defaultRowsDeleted = Metrics.counter("netwatch.storage.retention.deleted", "table",
      "anomalies_default");
  private final Counter alertsDeleted = Metrics.counter("netwatch.storage.retention.deleted", "table", "alerts");
  private final Counter rollupsDeleted = Metrics.counter("netwatch.storage.retention.deleted", "table", "rollups");
  private final StorageUsage.Gauges usageGauges = new StorageUsage.Gauges();
  private StorageMaintenance maintenance;
  private boolean maintaining;
  private long maintenanceTimer = -1;
  private long usageTimer = -1;
  private long reportedDefaultRows;

  @Override
  public Future<?> start() {
    Settings settings = new Settings(config().getMap());
    PgConnectOptions connectOptions = PgConfig.connectOptions(settings);
    StorageMaintenance.Retention retention;
    Severity storeMin;
    try {
      retention = StorageMaintenance.Retention.of(settings);
      storeMin = AnomalyRepository.storeMinSeverity(settings.string(Settings.STORE_MIN_SEVERITY));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return vertx.executeBlocking(() -> Migrations.migrate(connectOptions))
        .onSuccess(applied -> {
          if (applied > 0) log.info("applied {} schema migration(s)", applied);
        })
        .compose(applied -> {
          pool = PgConfig.pool(vertx, settings);
          repository = new AnomalyRepository(pool, storeMin);
          maintenance = new StorageMaintenance(pool, retention);
          // The current hour's partition before the first row; a failure here only delays it (rows wait in
          // the default partition meanwhile), the timer tries again.
          return maintain().otherwiseEmpty();
        })
        .compose(v -> {
          maintenanceTimer = vertx.setPeriodic(MAINTENANCE_INTERVAL_MS, id -> maintain());
          usageTimer = vertx.setPeriodic(1, USAGE_INTERVAL_MS, id -> refreshUsage());
          SharedJson.register(vertx.eventBus());
          consumer = vertx.eventBus().consumer(Addresses.STORE, this::store);
          return consumer.completion();
        });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(maintenanceTimer);
    vertx.cancelTimer(usageTimer);
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  /** Partitions ahead, then retention; one run at a time in this verticle (other nodes are held off by a lock). */
  private Future<Void> maintain() {
    if (maintaining) return Future.succeededFuture();
    maintaining = true;
    return maintenance.run(java.time.Instant.now())
        .onSuccess(report -> {
          partitionsCreated.increment(report.created().size());
          partitionsDropped.increment(report.dropped().size());
          if (report.defaultRowsDeleted() > 0) defaultRowsDeleted.increment(report.defaultRowsDeleted());
          if (report.alertsDeleted() > 0) alertsDeleted.increment(report.alertsDeleted());
          if (report.rollupsDeleted() > 0) rollupsDeleted.increment(report.rollupsDeleted());
          if (!report.dropped().isEmpty() || report.defaultRowsMoved() > 0) refreshUsage();
        })
        .onFailure(err -> log.warn("storage maintenance did not finish ({}); next try in {} s", err.getMessage(),
            MAINTENANCE_INTERVAL_MS / 1000))
        .eventually(() -> {
          maintaining = false;
          return Future.succeededFuture();
        })
        .mapEmpty();
  }

  private void refreshUsage() {
    StorageUsage.read(pool)
        .onSuccess(usage -> {
          usageGauges.set(usage);
          long stray = usage.getLong("default_rows", 0L);
          if (stray > 0 && stray != reportedDefaultRows) {
            log.warn("{} row(s) in anomalies_default: their received_at had no partition (far past or future);"
                + " they move into a partition once one is created for their hour", stray);
          }
          reportedDefaultRows = stray;
        })
        .onFailure(err -> log.debug("storage usage not read: {}", err.getMessage()));
  }

  /**
   * {@code anomaly.store}: an {@link AnomalyBatch} from a scorer in this JVM, or {"anomalies": [...]} (from another
   * node, or the results API). Replies {"stored": n, "rolled_up_only": m} once committed.
   */
  private void store(Message<Object> message) {
    Future<AnomalyRepository.Inserted> inserting;
    int size;
    if (message.body() instanceof AnomalyBatch typed) {
      List<Anomaly> batch = typed.anomalies();
      size = batch.size();
      inserting = batch.isEmpty() ? null : repository.insert(batch);
    } else {
      JsonArray anomalies = ((JsonObject) message.body()).getJsonArray("anomalies");
      try {
        List<JsonObject> batch = anomalies == null ? List.of() : Messages.jsonObjects(anomalies);
        size = batch.size();
        inserting = batch.isEmpty() ? null : repository.insertJson(batch);
      } catch (ClassCastException e) { // a field of the wrong JSON type: no statement could store it
        message.fail(BusFailures.REJECTED_DATA, "anomalies must be JSON objects of the documented field types");
        return;
      }
    }
    if (inserting == null) {
      message.reply(new JsonObject().put("stored", 0).put("rolled_up_only", 0));
      return;
    }
    long start = System.nanoTime();
    inserting
        .onSuccess(inserted -> {
          List<JsonObject> rows = inserted.rows();
          latency.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
          persisted.increment(rows.size());
          if (inserted.rolledUpOnly() > 0) rolledUpOnly.increment(inserted.rolledUpOnly());
          long now = System.currentTimeMillis();
          for (long received : inserted.receivedAtMillis()) Metrics.recordMillis(ingestToPublish, now - received);
          // The INSERT ran in its own implicit transaction: these rows are committed now. Shared, not copied
          // for each consumer in this JVM: nothing changes the rows once published.
          if (!rows.isEmpty()) {
            vertx.eventBus().publish(Addresses.NEW_ANOMALIES, Messages.anomalies(rows), SharedJson.options());
          }
          message.reply(new JsonObject().put("stored", rows.size()).put("rolled_up_only", inserted.rolledUpOnly()),
              SharedJson.options());
        })
        .onFailure(err -> {
          boolean dataError = err instanceof PgException pg && pg.getSqlState() != null
              && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"));
          log.warn("storing {} anomalies failed: {}", size, err.getMessage());
          message.fail(dataError ? BusFailures.REJECTED_DATA : BusFailures.UNAVAILABLE, String.valueOf(err.getMessage()));
        });
  }
}
