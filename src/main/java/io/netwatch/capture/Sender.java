package io.netwatch.capture;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * The sender's loop, on a thread of its own: the oldest batch goes to ingest until it is taken; a failure
 * marks ingest unreachable (the queue then spools) and the same batch is tried again after a backoff. A 503 that
 * says which packets were not stored (a batch stored in part, {@code retry}) narrows the batch to those: only they
 * are tried again, so nothing is stored twice. A refused token stops everything at once. Ends when the reader is
 * done and every batch is acknowledged.
 */
final class Sender implements Runnable {
  private final DeliveryQueue queue;
  private final Batcher batcher;
  private final IngestClient client;
  private final long lingerMs;
  private final SensorStats stats;
  private final RetryDelays delays;
  private final Consumer<String> log;
  private volatile int exitCode = ExitCodes.OK;
  private volatile String error;
  /** What is left to send of the head batch after a partial answer (same sequence), or null: all of it. */
  private Batch rest;

  Sender(DeliveryQueue queue, Batcher batcher, IngestClient client, long lingerMs, SensorStats stats,
      RetryDelays delays, Consumer<String> log) {
    this.queue = queue;
    this.batcher = batcher;
    this.client = client;
    this.lingerMs = lingerMs;
    this.stats = stats;
    this.delays = delays;
    this.log = log;
  }

  int exitCode() {
    return exitCode;
  }

  String error() {
    return error;
  }

  @Override
  public void run() {
    try {
      loop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop(ExitCodes.FAILED, "interrupted");
    } catch (IOException | RuntimeException e) {
      stop(ExitCodes.FAILED, "delivery failed: " + e);
    }
  }

  private void loop() throws IOException, InterruptedException {
    int failures = 0;
    while (true) {
      Batch head = queue.head(Math.max(1, lingerMs));
      if (head == null) {
        if (queue.finished()) return;
        batcher.flushIfOlderThan(lingerMs, this::offer);
        continue;
      }
      // After a partial answer only the packets ingest did not store are left of the head batch.
      Batch batch = rest != null && rest.sequence() == head.sequence() ? rest : head;
      IngestAnswer answer = client.send(batch);
      if (answer.action() == IngestAnswer.Action.REJECTED && batch.gzip()
          && (answer.status() == 400 || answer.status() == 415) && !answer.detail().contains("\"index\"")) {
        // A platform without gzip support reads the compressed body as bad JSON (not one bad packet, which
        // ingest names by index): go on uncompressed.
        log.accept("ingest turned a compressed batch away (" + answer.detail() + "): sending uncompressed from now on");
        batcher.stopCompressing();
        batch = Batcher.uncompressed(batch);
        answer = client.send(batch);
      }
      switch (answer.action()) {
        case ACCEPTED -> {
          if (failures > 0) log.accept("ingest answers again after " + failures + " failed attempts");
          failures = 0;
          queue.reachable();
          queue.done(head);
          rest = null;
          stats.packetsSent.addAndGet(batch.packets());
        }
        case TOKEN_REFUSED -> {
          stop(ExitCodes.TOKEN_REFUSED, "ingest refused the token (" + answer.detail() + "): check --token or"
              + " INGESTION_TOKEN; nothing is retried");
          return;
        }
        case REJECTED -> {
          log.accept("INGEST REJECTED a batch of " + batch.packets() + " packets, which are lost: " + answer.detail());
          stats.packetsRejected.addAndGet(batch.packets());
          queue.done(head);
          rest = null;
        }
        case RETRY -> {
          failures++;
          stats.retries.incrementAndGet();
          queue.unreachable();
          if (answer.retry() != null) narrow(batch, answer.retry());
          long pause = delays.delayMs(failures, answer.retryAfterMs());
          if (failures == 1 || failures % 10 == 0) {
            log.accept("ingest unavailable (" + answer.detail() + "); attempt " + failures + ", next in " + pause + " ms");
          }
          Thread.sleep(pause);
        }
      }
    }
  }

  /** Ingest stored part of {@code sent}: those packets are sent, only the {@code retry} ones go again. */
  private void narrow(Batch sent, List<Integer> retry) {
    Batch left = BatchSubset.keep(sent, retry);
    if (left == null) {
      log.accept("ingest's retry list " + retry + " does not fit the batch of " + sent.packets()
          + " packets: sending all of it again");
      return;
    }
    stats.packetsSent.addAndGet(sent.packets() - left.packets());
    rest = left;
    log.accept("ingest stored " + (sent.packets() - left.packets()) + " of " + sent.packets() + " packets of batch "
        + sent.sequence() + ": sending the other " + left.packets() + " again");
  }

  private void offer(Batch batch) {
    try {
      queue.offer(batch);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void stop(int code, String message) {
    exitCode = code;
    error = message;
    queue.abort();
  }
}
