package io.netwatch.capture;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each source's packets in the second of capture time before its latest packet: a sliding window estimated
 * from the current and the previous whole second (the previous second's count weighted by how much of it the
 * window still covers, as Redis-backed rate limiters do), so a source costs three numbers.
 *
 * <p>The table holds at most {@code capacity} sources. When it is full, the source seen least recently is
 * forgotten ({@link #evicted()} counts them): if it sends again, its rate starts from zero, so a rate can
 * only be under-estimated, never invented.
 */
public final class SourceRates {
  public static final int DEFAULT_CAPACITY = 65_536;
  private static final long SECOND = 1_000_000;

  private static final class Counter {
    long second;
    long current;
    long previous;
  }

  private final int capacity;
  private final Map<String, Counter> table;
  private long evicted;

  public SourceRates(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1");
    this.capacity = capacity;
    this.table = new LinkedHashMap<>(Math.min(capacity, 1 << 16) * 4 / 3 + 1, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Counter> eldest) {
        if (size() <= SourceRates.this.capacity) return false;
        evicted++;
        return true;
      }
    };
  }

  /** The source's packets in [t - 1 s, t) (estimated as above), then counts this packet, sent at {@code tsMicros}. */
  public long observe(String source, long tsMicros) {
    long second = Math.floorDiv(tsMicros, SECOND);
    Counter counter = table.get(source);
    if (counter == null) {
      counter = new Counter();
      counter.second = second;
      table.put(source, counter);
    } else if (second > counter.second) {
      counter.previous = second == counter.second + 1 ? counter.current : 0;
      counter.current = 0;
      counter.second = second;
    }
    // A packet earlier than its source's current second (reordered capture) counts into the current one.
    double uncovered = (double) Math.max(0, tsMicros - second * SECOND) / SECOND;
    long rate = Math.round(counter.previous * (1 - uncovered) + counter.current);
    counter.current++;
    return rate;
  }

  public int size() {
    return table.size();
  }

  /** Sources forgotten because the table was full. */
  public long evicted() {
    return evicted;
  }
}
