package io.netwatch.stream;

import java.util.List;

/**
 * Where the stream may be trimmed without losing anything: below the oldest entry that some group has
 * not acknowledged yet (pending) or not read yet (after its last delivered id).
 */
final class TrimPoint {
  /** What one consumer group still needs: its oldest pending id (null if none) and last delivered id. */
  record GroupProgress(String oldestPendingId, String lastDeliveredId) {
  }

  private TrimPoint() {
  }

  /** The lowest id that must be kept, or null when there is no group (then nothing may be trimmed). */
  static String minimumToKeep(List<GroupProgress> groups) {
    String min = null;
    for (GroupProgress g : groups) {
      String keep = g.oldestPendingId() != null ? g.oldestPendingId() : next(g.lastDeliveredId());
      if (min == null || compare(keep, min) < 0) min = keep;
    }
    return min;
  }

  static String next(String id) {
    long[] parts = parse(id);
    return parts[1] == -1L ? (parts[0] + 1) + "-0" : parts[0] + "-" + (parts[1] + 1);
  }

  static int compare(String a, String b) {
    long[] x = parse(a);
    long[] y = parse(b);
    int byMs = Long.compareUnsigned(x[0], y[0]);
    return byMs != 0 ? byMs : Long.compareUnsigned(x[1], y[1]);
  }

  private static long[] parse(String id) {
    int dash = id.indexOf('-');
    if (dash < 0) return new long[] {Long.parseUnsignedLong(id), 0};
    return new long[] {Long.parseUnsignedLong(id.substring(0, dash)), Long.parseUnsignedLong(id.substring(dash + 1))};
  }
}
