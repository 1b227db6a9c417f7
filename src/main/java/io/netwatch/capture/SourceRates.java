package io.netwatch.capture;

import java.util.Arrays;

/**
 * Each source's packets in the second of capture time before its latest packet: a sliding window estimated
 * from the current and the previous whole second (the previous second's count weighted by how much of it the
 * window still covers, as Redis-backed rate limiters do), so a source costs three numbers.
 *
 * <p>The table holds at most {@code capacity} sources. When it is full, the source seen least recently is
 * forgotten ({@link #evicted()} counts them): if it sends again, its rate starts from zero, so a rate can
 * only be under-estimated, never invented.
 *
 * <p>Flat arrays rather than a map of objects: it is consulted once per packet, and a map of String keys cost
 * the sensor a tenth of its parse rate. A source is its address as two longs (an IPv4 address in the low one)
 * and whether it is IPv6. The arrays start small and double up to {@code capacity}.
 */
public final class SourceRates {
  public static final int DEFAULT_CAPACITY = 65_536;
  private static final long SECOND = 1_000_000;
  private static final int FIRST_ENTRIES = 1024;
  private static final int NONE = -1;

  private final int capacity;
  private long evicted;
  private int size;
  // By entry number: the source, its counts, and its neighbours in the recency list (newer, older).
  private boolean[] ipv6;
  private long[] high;
  private long[] low;
  private long[] second;
  private long[] current;
  private long[] previous;
  private int[] newer;
  private int[] older;
  /** The most and the least recently seen entries. */
  private int newest = NONE;
  private int oldest = NONE;
  /** The second of the last packet, kept: a long division per packet is slow before the JIT's last tier. */
  private long latestSecond;
  private long latestSecondStart = Long.MAX_VALUE;
  /** Open addressing, linear probing: entry number + 1, or 0 for an empty slot; at most half full. */
  private int[] slots;

  public SourceRates(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1");
    this.capacity = capacity;
    resize(Math.min(capacity, FIRST_ENTRIES));
  }

  /**
   * The source's packets in [t - 1 s, t) (estimated as above), then counts this packet, sent at {@code tsMicros}.
   *
   * @param high the first 8 bytes of an IPv6 address (0 for IPv4)
   * @param low the last 8 bytes of an IPv6 address, or the IPv4 address
   */
  public long observe(boolean isIpv6, long high, long low, long tsMicros) {
    if (tsMicros < latestSecondStart || tsMicros >= latestSecondStart + SECOND) { // overflow: recomputed, still right
      latestSecond = Math.floorDiv(tsMicros, SECOND);
      latestSecondStart = latestSecond * SECOND;
    }
    long now = latestSecond;
    int e = slots[find(isIpv6, high, low)] - 1;
    if (e == NONE) {
      e = add(isIpv6, high, low, now);
    } else {
      unlink(e);
      if (now > second[e]) {
        previous[e] = now == second[e] + 1 ? current[e] : 0;
        current[e] = 0;
        second[e] = now;
      }
    }
    linkNewest(e);
    // A packet earlier than its source's current second (reordered capture) counts into the current one.
    double uncovered = (double) Math.max(0, tsMicros - now * SECOND) / SECOND;
    long rate = Math.round(previous[e] * (1 - uncovered) + current[e]);
    current[e]++;
    return rate;
  }

  public int size() {
    return size;
  }

  /** Sources forgotten because the table was full. */
  public long evicted() {
    return evicted;
  }

  /** A new entry for the source (the least recent one's, when full), not yet in the recency list. */
  private int add(boolean isIpv6, long h, long l, long now) {
    int e;
    if (size == capacity) {
      e = oldest;
      unlink(e);
      removeSlot(find(ipv6[e], high[e], low[e]));
      evicted++;
    } else {
      if (size == high.length) resize(Math.min(capacity, 2 * size));
      e = size++;
    }
    ipv6[e] = isIpv6;
    high[e] = h;
    low[e] = l;
    second[e] = now;
    current[e] = 0;
    previous[e] = 0;
    slots[find(isIpv6, h, l)] = e + 1;
    return e;
  }

  /** The source's slot, or the empty slot where it belongs. */
  private int find(boolean isIpv6, long h, long l) {
    int mask = slots.length - 1;
    int slot = hash(isIpv6, h, l) & mask;
    for (int e = slots[slot] - 1; e != NONE; e = slots[slot] - 1) {
      if (low[e] == l && high[e] == h && ipv6[e] == isIpv6) return slot;
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  /** Empties the slot, moving later entries of its probe run back so that every entry stays findable. */
  private void removeSlot(int hole) {
    int mask = slots.length - 1;
    for (int i = (hole + 1) & mask; slots[i] != 0; i = (i + 1) & mask) {
      int e = slots[i] - 1;
      int home = hash(ipv6[e], high[e], low[e]) & mask;
      if (((i - home) & mask) >= ((i - hole) & mask)) {
        slots[hole] = slots[i];
        hole = i;
      }
    }
    slots[hole] = 0;
  }

  private static int hash(boolean isIpv6, long h, long l) {
    long x = (h * 0x9E37_79B9_7F4A_7C15L ^ l) * 0xC2B2_AE3D_27D4_EB4FL + (isIpv6 ? 1 : 0);
    return (int) (x ^ (x >>> 31) ^ (x >>> 47));
  }

  private void unlink(int e) {
    if (newer[e] != NONE) older[newer[e]] = older[e]; else newest = older[e];
    if (older[e] != NONE) newer[older[e]] = newer[e]; else oldest = newer[e];
  }

  private void linkNewest(int e) {
    newer[e] = NONE;
    older[e] = newest;
    if (newest != NONE) newer[newest] = e; else oldest = e;
    newest = e;
  }

  private void resize(int entries) {
    ipv6 = ipv6 == null ? new boolean[entries] : Arrays.copyOf(ipv6, entries);
    high = high == null ? new long[entries] : Arrays.copyOf(high, entries);
    low = low == null ? new long[entries] : Arrays.copyOf(low, entries);
    second = second == null ? new long[entries] : Arrays.copyOf(second, entries);
    current = current == null ? new long[entries] : Arrays.copyOf(current, entries);
    previous = previous == null ? new long[entries] : Arrays.copyOf(previous, entries);
    newer = newer == null ? new int[entries] : Arrays.copyOf(newer, entries);
    older = older == null ? new int[entries] : Arrays.copyOf(older, entries);
    slots = new int[Integer.highestOneBit(Math.max(1, entries - 1)) * 4];
    for (int e = 0; e < size; e++) slots[find(ipv6[e], high[e], low[e])] = e + 1;
  }
}
