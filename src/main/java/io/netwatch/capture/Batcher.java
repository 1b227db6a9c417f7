package io.netwatch.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Gathers telemetry into batches of {@code size} packets; a partial batch goes out once its first packet has
 * waited {@code lingerMs} ({@link #flushIfOlderThan}), so a quiet live capture is still delivered promptly.
 * Each packet is encoded as it is added, into one buffer reused from batch to batch.
 * Thread-safe: the reader adds, the sender flushes what lingered.
 */
public final class Batcher {
  private final int size;
  private final TelemetryJson json;
  private volatile boolean gzip;
  /** Null for a dry run: each batch is encoded in full, then dropped. */
  private final Consumer<Batch> out;
  private final AsciiBuffer body;
  private int pending;
  private long firstAddedNanos;
  private long sequence;
  private final ReentrantLock lock = new ReentrantLock();

  public Batcher(int size, TelemetryJson json, boolean gzip, long firstSequence, Consumer<Batch> out) {
    this.size = size;
    this.json = json;
    this.gzip = gzip;
    this.out = out;
    this.body = new AsciiBuffer(Math.min(size, 1000) * 256);
    this.sequence = firstSequence;
  }

  /** The dry run's batcher: encodes every batch as it would be sent and drops it, without copying it out. */
  static Batcher discarding(int size, TelemetryJson json) {
    return new Batcher(size, json, false, 0, null);
  }

  public void add(Telemetry packet) {
    add(new PacketFields(0).set(packet));
  }

  void add(PacketFields packet) {
    lock.lock();
    try {
      if (pending == 0) {
        firstAddedNanos = System.nanoTime();
        body.append('[');
      } else {
        body.append(',');
      }
      json.append(body, packet);
      pending++;
      // Handed over under the lock, so batches leave in sequence order even when a linger flush races.
      if (pending >= size) take(out);
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
      if (pending == 0 || System.nanoTime() - firstAddedNanos < lingerMs * 1_000_000) return false;
      take(to);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Sends whatever is pending (the end of the capture), from the reader's thread. */
  public void flush() {
    lock.lock();
    try {
      if (pending > 0) take(out);
    } finally {
      lock.unlock();
    }
  }

  /** From now on batches go uncompressed (ingest turned a compressed one away). */
  public void stopCompressing() {
    gzip = false;
  }

  private void take(Consumer<Batch> to) {
    body.append(']');
    Batch batch = null;
    if (to != null) {
      boolean compress = gzip;
      batch = new Batch(sequence, pending, compress ? gzip(body.array(), body.size()) : body.toByteArray(), compress);
    }
    sequence++;
    pending = 0;
    body.clear();
    // Last: a consumer that throws (the sender stopped) leaves the batcher empty, as before.
    if (batch != null) to.accept(batch);
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
    return gzip(body, body.length);
  }

  /** The first {@code length} bytes of {@code body}, compressed. */
  static byte[] gzip(byte[] body, int length) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(length / 4 + 64);
    // The fastest level: telemetry JSON compresses about 5:1 even so, and the sensor must keep up with a link.
    try (GZIPOutputStream out = new GZIPOutputStream(bytes, 8192) {
      {
        def.setLevel(Deflater.BEST_SPEED);
      }
    }) {
      out.write(body, 0, length);
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return bytes.toByteArray();
  }
}
