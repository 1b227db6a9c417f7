package io.netwatch.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Batches on disk while ingest cannot take them, one file per batch named by its sequence number, so they
 * are sent in order, also by the next run of the sensor. Bounded: past {@code maxBytes} the oldest batches
 * are deleted (never the one being sent), counted, and reported through {@code warn} — loudly, since those
 * packets are lost. The newest batch is always kept, even alone over the bound.
 */
public final class Spool {
  private static final Pattern NAME = Pattern.compile("(\\d{20})-(\\d+)\\.json(\\.gz)?");

  private record Entry(Path path, int packets, long bytes, boolean gzip) {
  }

  private final Path dir;
  private final long maxBytes;
  private final Consumer<String> warn;
  private final TreeMap<Long, Entry> entries = new TreeMap<>();
  private long bytes;
  private long inFlight = -1;
  private long droppedBatches;
  private long droppedPackets;

  public Spool(Path dir, long maxBytes, Consumer<String> warn) throws IOException {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.warn = warn;
    Files.createDirectories(dir);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) continue;
        long size = Files.size(file);
        entries.put(Long.parseLong(m.group(1)), new Entry(file, Integer.parseInt(m.group(2)), size, m.group(3) != null));
        bytes += size;
      }
    }
  }

  /** The sequence number after the last spooled batch (0 for an empty spool): a new run continues from it. */
  public synchronized long nextSequence() {
    return entries.isEmpty() ? 0 : entries.lastKey() + 1;
  }

  public synchronized boolean isEmpty() {
    return entries.isEmpty();
  }

  public synchronized int batches() {
    return entries.size();
  }

  public synchronized long packets() {
    return entries.values().stream().mapToLong(Entry::packets).sum();
  }

  public synchronized long droppedPackets() {
    return droppedPackets;
  }

  public synchronized void append(Batch batch) throws IOException {
    String name = String.format("%020d-%d.json%s", batch.sequence(), batch.packets(), batch.gzip() ? ".gz" : "");
    Path file = dir.resolve(name);
    Path partial = dir.resolve(name + ".partial");
    Files.write(partial, batch.body());
    // Renamed once complete: a sensor killed mid-write leaves a .partial file that the next run ignores.
    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    entries.put(batch.sequence(), new Entry(file, batch.packets(), batch.body().length, batch.gzip()));
    bytes += batch.body().length;
    dropOldestOverBound();
  }

  /** The oldest spooled batch, marked as being sent so that the bound never deletes it under the sender. */
  public synchronized Batch oldest() throws IOException {
    if (entries.isEmpty()) return null;
    Map.Entry<Long, Entry> first = entries.firstEntry();
    inFlight = first.getKey();
    Entry e = first.getValue();
    return new Batch(first.getKey(), e.packets(), Files.readAllBytes(e.path()), e.gzip());
  }

  /** Deletes a batch once ingest acknowledged it. */
  public synchronized void remove(long sequence) throws IOException {
    Entry e = entries.remove(sequence);
    if (inFlight == sequence) inFlight = -1;
    if (e == null) return;
    bytes -= e.bytes();
    Files.deleteIfExists(e.path());
  }

  private void dropOldestOverBound() throws IOException {
    while (bytes > maxBytes && entries.size() > 1) {
      Long oldest = entries.firstKey();
      if (oldest == inFlight) oldest = entries.higherKey(oldest);
      if (oldest == null || oldest.equals(entries.lastKey())) return;
      Entry e = entries.remove(oldest);
      bytes -= e.bytes();
      Files.deleteIfExists(e.path());
      droppedBatches++;
      droppedPackets += e.packets();
      warn.accept("SPOOL FULL (" + maxBytes / (1024 * 1024) + " MB): dropped the oldest batch, " + e.packets()
          + " packets; " + droppedPackets + " packets in " + droppedBatches + " batches lost so far");
    }
  }
}
