package io.netwatch.notify;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Delivery to one recipient: claims at most {@code concurrency} of its due events at a time, sends each through its
 * {@link Channel} behind its own circuit breaker, and records the outcome. Recipients share nothing but the
 * database pool, so one that hangs or fails delays only its own queue.
 */
final class RecipientDelivery {
  private static final Logger log = LoggerFactory.getLogger(RecipientDelivery.class);
  /** Consecutive failures that open the circuit; it half-opens after {@link #RESET_MS}. */
  static final int BREAKER_FAILURES = 5;
  static final long RESET_MS = 10_000;

  final Recipient recipient;
  private final Outbox outbox;
  private final Channel channel;
  private final CircuitBreaker breaker;
  private final NotifyMeters meters;
  private int inFlight;
  private boolean claiming;
  private boolean closed;

  RecipientDelivery(Vertx vertx, Recipient recipient, Outbox outbox, String publicUrl, NotifyMeters meters) {
    this.recipient = recipient;
    this.outbox = outbox;
    this.meters = meters;
    this.channel = Channel.of(vertx, recipient, publicUrl);
    // The channel enforces the timeout itself; no event-bus notifications (one breaker per recipient per node).
    this.breaker = CircuitBreaker.create("notify-" + recipient.id(), vertx, new CircuitBreakerOptions()
        .setMaxFailures(BREAKER_FAILURES).setResetTimeout(RESET_MS).setTimeout(-1).setNotificationAddress(null));
  }

  /** Claims and sends what is due, up to the free concurrency; one claim at a time. */
  void tick() {
    int free = recipient.concurrency() - inFlight;
    if (closed || claiming || free <= 0 || breaker.state() == CircuitBreakerState.OPEN) return;
    // Half-open: one trial delivery decides whether the circuit closes.
    if (breaker.state() == CircuitBreakerState.HALF_OPEN) free = inFlight == 0 ? 1 : 0;
    if (free == 0) return;
    claiming = true;
    outbox.claim(recipient.id(), free, leaseMs())
        .onSuccess(events -> events.forEach(this::send))
        .onFailure(err -> log.warn("claiming deliveries for recipient {} failed: {}", recipient.id(), err.getMessage()))
        .onComplete(done -> claiming = false);
  }

  /** Long enough for the attempt and its bookkeeping; past it another node may deliver the event again. */
  long leaseMs() {
    return recipient.timeoutMs() * 2L + 10_000;
  }

  private void send(OutboxEvent event) {
    inFlight++;
    long start = System.nanoTime();
    breaker.<DeliveryResult>execute(() -> channel.deliver(event)
            .compose(result -> result.delivered() ? Future.succeededFuture(result) : Future.failedFuture(
                new Undelivered(result))))
        .recover(err -> Future.succeededFuture(err instanceof Undelivered u ? u.result
            : DeliveryResult.unreachable(err)))
        .compose(result -> record(event, result, System.nanoTime() - start))
        .onComplete(done -> {
          inFlight--;
          if (done.failed()) {
            log.warn("recording a delivery to recipient {} failed: {}", recipient.id(), done.cause().getMessage());
          }
          tick();
        });
  }

  private Future<Void> record(OutboxEvent event, DeliveryResult result, long nanos) {
    if (result.delivered()) {
      meters.delivered(recipient, event, nanos);
      return outbox.delivered(event.deliveryId(), result);
    }
    meters.failedAttempt(recipient);
    long delay = RetryPolicy.delayMs(event.attempts(), result.retryAfterMs(), ThreadLocalRandom.current().nextDouble());
    return outbox.failed(event.deliveryId(), result, delay, recipient.maxAgeSeconds()).map(state -> {
      if ("dead".equals(state)) {
        meters.givenUp(recipient);
        log.warn("gave up delivering {} ({}) to recipient {} after {} attempts: {}", event.messageId(), event.event(),
            recipient.name(), event.attempts(), result.detail());
      }
      return null;
    });
  }

  /** Sends the test event now, outside the outbox and the breaker. */
  Future<DeliveryResult> test() {
    return channel.deliver(Channel.testEvent(java.time.Instant.now()));
  }

  Future<Void> close() {
    closed = true;
    breaker.close();
    return channel.close();
  }

  String breakerState() {
    return breaker.state().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** A delivery the receiver refused, as the breaker's failure. */
  private static final class Undelivered extends RuntimeException {
    final DeliveryResult result;

    Undelivered(DeliveryResult result) {
      super(result.detail(), null, false, false);
      this.result = result;
    }
  }
}
