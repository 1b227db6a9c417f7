package io.netwatch.capture;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;

/**
 * The batches between the reader and the sender, oldest first. A few are held in memory: when those are
 * waiting, the reader waits too (so a file is read as fast as the platform takes it, never faster). While
 * ingest is unreachable, and with a spool, batches go to disk instead, so a live capture keeps being read;
 * the memory ones join them, and everything is sent in order once ingest answers again.
 */
final class DeliveryQueue {
  static final int MEMORY_BATCHES = 4;

  private final ArrayDeque<Batch> memory = new ArrayDeque<>();
  private final Spool spool;
  private boolean unreachable;
  private boolean closed;
  private boolean aborted;

  /** @param spool where batches wait while ingest is unreachable, or null to hold them in memory */
  DeliveryQueue(Spool spool) {
    this.spool = spool;
  }

  /** From the reader: waits while the memory batches are full and there is no spool to take over. */
  synchronized void put(Batch batch) throws IOException, InterruptedException {
    while (!toSpool() && memory.size() >= MEMORY_BATCHES) {
      if (aborted) throw new CancellationException("delivery stopped");
      wait();
    }
    if (aborted) throw new CancellationException("delivery stopped");
    add(batch);
  }

  /** From the sender: never waits (a lingering partial batch). */
  synchronized void offer(Batch batch) throws IOException {
    add(batch);
  }

  private void add(Batch batch) throws IOException {
    if (toSpool()) {
      spool.append(batch);
    } else {
      memory.add(batch);
    }
    notifyAll();
  }

  /** Once spooling started, later batches follow the spooled ones until the spool is empty: order is kept. */
  private boolean toSpool() {
    return spool != null && (unreachable || !spool.isEmpty());
  }

  /** The oldest batch not yet acknowledged, waiting up to {@code timeoutMs} for one; null if none came. */
  synchronized Batch head(long timeoutMs) throws IOException, InterruptedException {
    if (memory.isEmpty() && (spool == null || spool.isEmpty()) && !closed) wait(timeoutMs);
    if (!memory.isEmpty()) return memory.peek();
    return spool == null ? null : spool.oldest();
  }

  /** Ingest took the batch (or rejected it for good): it leaves the queue. */
  synchronized void done(Batch batch) throws IOException {
    if (memory.peek() == batch) {
      memory.poll();
    } else if (spool != null) {
      spool.remove(batch.sequence());
    }
    notifyAll();
  }

  synchronized void reachable() {
    unreachable = false;
  }

  /** Ingest could not be reached: with a spool, the memory batches move to disk and later ones follow. */
  synchronized void unreachable() throws IOException {
    unreachable = true;
    if (spool == null) return;
    while (!memory.isEmpty()) spool.append(memory.poll());
    notifyAll();
  }

  /** The reader has read everything. */
  synchronized void close() {
    closed = true;
    notifyAll();
  }

  /** Stops everything: a reader waiting in {@link #put} gets a CancellationException. */
  synchronized void abort() {
    aborted = true;
    closed = true;
    notifyAll();
  }

  synchronized boolean finished() {
    return closed && memory.isEmpty() && (spool == null || spool.isEmpty());
  }

  synchronized long spooledPackets() {
    return spool == null ? 0 : spool.packets();
  }
}
