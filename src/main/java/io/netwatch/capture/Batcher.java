package io.netwatch.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Gathers telemetry into batches of {@code size} packets; a partial batch goes out once its first packet has
 * waited {@code lingerMs} ({@link #flushIfOlderThan}), so a quiet live capture is still delivered promptly.
 * Thread-safe: the reader adds, the sender flushes what lingered.
 */
public final class Batcher {
  private final int size;
  private final TelemetryJson json;
  private volatile boolean gzip;
  private final Consumer<Batch> out;
  private final List<Telemetry> pending;
  private long firstAddedNanos;
  private long sequence;
  private final ReentrantLock lock = new ReentrantLock();

  public Batcher(int size, TelemetryJson json, boolean gzip, long firstSequence, Consumer<Batch> out) {
    this.size = size;
    this.json = json;
    this.gzip = gzip;
    this.out = out;
    this.pending = new ArrayList<>(size);
    this.sequence = firstSequence;
  }

  public void add(Telemetry packet) {
    lock.lock();
    try {
      if (pending.isEmpty()) firstAddedNanos = System.nanoTime();
      pending.add(packet);
      // Handed over under the lock, so batches leave in sequence order even when a linger flush races.
      if (pending.size() >= size) out.accept(take());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Hands the partial batch to {@code to} (which must not block) if its first packet has waited at least
   * {@code lingerMs}. Skipped while the reader is adding: its batch is then about to fill anyway.
   */
  public boolean flushIfOlderThan(long lingerMs, Consumer<Batch> to) {
    if (!lock.tryLock()) return false;
    try {
      if (pending.isEmpty() || System.nanoTime() - firstAddedNanos < lingerMs * 1_000_000) return false;
      to.accept(take());
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Sends whatever is pending (the end of the capture), from the reader's thread. */
  public void flush() {
    lock.lock();
    try {
      if (!pending.isEmpty()) out.accept(take());
    } finally {
      lock.unlock();
    }
  }

  /** From now on batches go uncompressed (ingest turned a compressed one away). */
  public void stopCompressing() {
    gzip = false;
  }

  private Batch take() {
    byte[] body = json.array(pending);
    Batch batch = new Batch(sequence++, pending.size(), gzip ? gzip(body) : body, gzip);
    pending.clear();
    return batch;
  }

  /** The batch as it was before compression. */
  static Batch uncompressed(Batch batch) {
    if (!batch.gzip()) return batch;
    try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(batch.body()))) {
      return new Batch(batch.sequence(), batch.packets(), in.readAllBytes(), false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] gzip(byte[] body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length / 4 + 64);
    // The fastest level: telemetry JSON compresses about 5:1 even so, and the sensor must keep up with a link.
    try (GZIPOutputStream out = new GZIPOutputStream(bytes, 8192) {
      {
        def.setLevel(Deflater.BEST_SPEED);
      }
    }) {
      out.write(body);
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return bytes.toByteArray();
  }
}
