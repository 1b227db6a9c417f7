package io.netwatch.notify;

import io.netwatch.config.Settings;
import io.netwatch.model.Addresses;
import io.netwatch.persistence.Migrations;
import io.netwatch.persistence.PgConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivers the outbox: every {@code tick_ms} (and at once when an alert event is published) each enabled
 * recipient claims its due deliveries; every {@code sweep_ms} gives up what passed max_age, queues Alertmanager
 * re-posts and refreshes the queue gauges; prunes delivered rows every minute. Any number of nodes may run it: the
 * database hands each delivery to one of them. Config: DATABASE_URL, PG_POOL_SIZE, PUBLIC_URL, and its own
 * {@code "notify": {"tick_ms": 200, "sweep_ms": 5000}}.
 */
public final class NotifierVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(NotifierVerticle.class);
  static final long PRUNE_MS = 60_000;

  private final Map<Long, RecipientDelivery> deliveries = new HashMap<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private final List<Long> timers = new ArrayList<>();
  private final NotifyMeters meters = new NotifyMeters();
  private Pool pool;
  private Outbox outbox;
  private RecipientRepository recipients;
  private String publicUrl;
  private boolean sweeping;

  @Override
  public Future<?> start() {
    Settings settings = new Settings(config().getMap());
    publicUrl = settings.string(Settings.PUBLIC_URL);
    JsonObject own = config().getJsonObject(io.netwatch.config.StandardVerticle.NOTIFY_TIMING, new JsonObject());
    long tickMs = own.getLong("tick_ms", 200L);
    long sweepMs = own.getLong("sweep_ms", 5_000L);
    // The outbox may be new to this database: migrate as persistence does (Flyway serialises the two).
    return vertx.executeBlocking(() -> Migrations.migrate(PgConfig.connectOptions(settings))).compose(applied -> {
      pool = PgConfig.pool(vertx, settings);
      outbox = new Outbox(pool);
      recipients = new RecipientRepository(pool);
      return reload();
    }).compose(loaded -> {
      consumers.add(vertx.eventBus().consumer(NotifyAddresses.RECIPIENTS_CHANGED, message -> reload()));
      // An alert event was committed somewhere: its deliveries are due now, no need to wait for the tick.
      for (String address : List.of(Addresses.ALERTS_ENGAGED, Addresses.ALERTS_UPDATED, Addresses.ALERTS_RELEASED)) {
        consumers.add(vertx.eventBus().consumer(address, message -> tickAll()));
      }
      timers.add(vertx.setPeriodic(tickMs, id -> tickAll()));
      timers.add(vertx.setPeriodic(sweepMs, id -> sweep()));
      timers.add(vertx.setPeriodic(PRUNE_MS, id -> outbox.prune()
          .onFailure(err -> log.warn("pruning the outbox failed: {}", err.getMessage()))));
      return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
    });
  }

  @Override
  public Future<?> stop() {
    timers.forEach(vertx::cancelTimer);
    consumers.forEach(MessageConsumer::unregister);
    List<Future<Void>> closing = new ArrayList<>();
    deliveries.values().forEach(d -> closing.add(d.close()));
    if (pool != null) closing.add(pool.close());
    return Future.join(closing);
  }

  private void tickAll() {
    deliveries.values().forEach(RecipientDelivery::tick);
  }

  /** Keeps the delivery (and its circuit) of a recipient that did not change; replaces the others. */
  private Future<Void> reload() {
    return recipients.all().onSuccess(all -> {
      Map<Long, Recipient> enabled = new HashMap<>();
      all.stream().filter(Recipient::enabled).forEach(r -> enabled.put(r.id(), r));
      deliveries.entrySet().removeIf(e -> {
        boolean stale = !e.getValue().recipient.equals(enabled.get(e.getKey()));
        if (stale) e.getValue().close();
        return stale;
      });
      enabled.forEach((id, r) -> deliveries.computeIfAbsent(id,
          k -> new RecipientDelivery(vertx, r, outbox, publicUrl, meters)));
    }).onFailure(err -> log.warn("recipients not reloaded: {}", err.getMessage())).mapEmpty();
  }

  private void sweep() {
    if (sweeping) return;
    sweeping = true;
    List<Future<?>> steps = new ArrayList<>();
    steps.add(reload());
    steps.add(outbox.giveUpExpired());
    for (RecipientDelivery d : deliveries.values()) {
      if (Recipient.ALERTMANAGER.equals(d.recipient.type())) {
        steps.add(outbox.resend(d.recipient.id(), d.recipient.resendSeconds()));
      }
    }
    steps.add(recipients.all().compose(all -> outbox.queueStats().onSuccess(stats -> meters.queues(all, stats))));
    Future.join(steps)
        .onFailure(err -> log.warn("outbox sweep failed: {}", err.getMessage()))
        .onComplete(done -> sweeping = false);
  }
}
