package io.netwatch.stream;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the dead-letter log says, bounded: a stream full of foreign entries (another program's layout) is
 * dead-lettered entry by entry, and one WARN line each made 50,000 lines in two seconds. The first entry after a
 * quiet interval is reported at once; the ones after it are counted per reason, with a sample id, and reported
 * together at most once per interval. At most {@link #MAX_REASONS} reasons are told apart in one digest; the
 * others are counted together as "other reasons", so the digest's memory is bounded whatever the entries say.
 * Pure; not thread-safe (the consumer's event loop owns it).
 */
final class DeadLetterDigest {
  static final int MAX_REASONS = 16;
  static final int MAX_REASON_LENGTH = 200;
  static final String OTHER_REASONS = "other reasons";

  private final long intervalMs;
  private final Map<String, Tally> pending = new LinkedHashMap<>();
  private long pendingCount;
  private long since;
  private long lastReportAt = Long.MIN_VALUE;

  /** How many entries a reason had in one digest, and one of their ids. */
  private static final class Tally {
    long count;
    final String sampleId;

    Tally(String sampleId) {
      this.sampleId = sampleId;
    }
  }

  DeadLetterDigest(long intervalMs) {
    if (intervalMs <= 0) throw new IllegalArgumentException("intervalMs must be positive");
    this.intervalMs = intervalMs;
  }

  /** Counts one dead-lettered entry; the line to log now, or null when it waits for the next digest. */
  String record(String entryId, String reason, long nowMs) {
    if (pendingCount == 0) since = nowMs;
    String key = reason == null ? "" : reason.length() > MAX_REASON_LENGTH
        ? reason.substring(0, MAX_REASON_LENGTH) + "…" : reason;
    Tally tally = pending.get(key);
    if (tally == null) {
      if (pending.size() >= MAX_REASONS) key = OTHER_REASONS;
      tally = pending.computeIfAbsent(key, k -> new Tally(entryId));
    }
    tally.count++;
    pendingCount++;
    return due(nowMs) ? report(nowMs) : null;
  }

  /** The digest of what was counted since the last line, when one is due by now; else null. */
  String flush(long nowMs) {
    return pendingCount > 0 && due(nowMs) ? report(nowMs) : null;
  }

  /** Whatever is counted, due or not (the consumer is stopping); null when nothing is. */
  String drain(long nowMs) {
    return pendingCount > 0 ? report(nowMs) : null;
  }

  private boolean due(long nowMs) {
    return lastReportAt == Long.MIN_VALUE || nowMs - lastReportAt >= intervalMs;
  }

  private String report(long nowMs) {
    StringBuilder line = new StringBuilder().append(pendingCount).append(pendingCount == 1 ? " entry" : " entries")
        .append(" dead-lettered");
    if (nowMs > since) {
      line.append(" in the last ").append(String.format(Locale.ROOT, "%.1f", (nowMs - since) / 1000.0)).append(" s");
    }
    line.append(':');
    String separator = " ";
    for (Map.Entry<String, Tally> reason : pending.entrySet()) {
      line.append(separator).append(reason.getValue().count).append(" × ").append(reason.getKey())
          .append(" (e.g. entry ").append(reason.getValue().sampleId).append(')');
      separator = "; ";
    }
    pending.clear();
    pendingCount = 0;
    lastReportAt = nowMs;
    return line.toString();
  }
}
