package io.netwatch.dashboard;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * What one paced frame of the live feed carries: exact counts of the rows committed since the last frame,
 * by severity, and a human-sized sample of them, the most severe first, newest first within a severity.
 * Memory is bounded whatever the rate: at most {@code sampleSize} rows are held per severity.
 *
 * @param <R> a row
 */
final class FrameSample<R> {
  /** A drained frame: the sampled rows (newest first), counts by severity rank, and how many were left out. */
  record Frame<R>(List<R> rows, long[] counts, long skipped) {
    long total() {
      return rows.size() + skipped;
    }
  }

  private record Held<R>(long sequence, R row) {
  }

  private final int sampleSize;
  private final List<ArrayDeque<Held<R>>> newestBySeverity = new ArrayList<>();
  private final long[] counts;
  private long sequence;

  FrameSample(int severities, int sampleSize) {
    if (sampleSize < 1) throw new IllegalArgumentException("sampleSize must be at least 1");
    this.sampleSize = sampleSize;
    this.counts = new long[severities];
    for (int i = 0; i < severities; i++) newestBySeverity.add(new ArrayDeque<>(sampleSize));
  }

  /** Counts a committed row of severity rank {@code severity} (0 = lowest) and keeps it if it is among the newest. */
  void add(int severity, R row) {
    if (severity < 0 || severity >= counts.length) return;
    counts[severity]++;
    ArrayDeque<Held<R>> held = newestBySeverity.get(severity);
    if (held.size() == sampleSize) held.removeFirst();
    held.addLast(new Held<>(sequence++, row));
  }

  boolean isEmpty() {
    for (long c : counts) if (c > 0) return false;
    return true;
  }

  /** The frame so far, and a fresh start for the next one. */
  Frame<R> drain() {
    List<Held<R>> picked = new ArrayList<>(sampleSize);
    for (int severity = counts.length - 1; severity >= 0 && picked.size() < sampleSize; severity--) {
      ArrayDeque<Held<R>> held = newestBySeverity.get(severity);
      while (!held.isEmpty() && picked.size() < sampleSize) picked.add(held.removeLast());
    }
    picked.sort(Comparator.comparingLong((Held<R> h) -> h.sequence).reversed());
    List<R> rows = new ArrayList<>(picked.size());
    for (Held<R> h : picked) rows.add(h.row);
    long total = 0;
    for (long c : counts) total += c;
    Frame<R> frame = new Frame<>(rows, counts.clone(), total - rows.size());
    Arrays.fill(counts, 0);
    newestBySeverity.forEach(ArrayDeque::clear);
    return frame;
  }
}
