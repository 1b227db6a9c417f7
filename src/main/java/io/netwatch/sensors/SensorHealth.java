package io.netwatch.sensors;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sensor's health as this node saw it, in memory: last seen, packets per second over the last minute and
 * hour (rings of 60 one-second and 60 one-minute slots: fixed size), requests refused by status, the last
 * error, clock skew and User-Agent. Thread-safe (every event loop of the node records into it). Pure.
 */
public final class SensorHealth {
  /** The statuses counted one by one; any other refusal counts as "other". */
  public static final int[] STATUSES = {400, 401, 413, 429, 503};
  private static final int MAX_TEXT = 200;

  /** Where counts go besides this object (the node's meters). */
  public interface Listener {
    Listener NONE = new Listener() {
      @Override
      public void accepted(int packets) {
      }

      @Override
      public void refused(int status) {
      }
    };

    void accepted(int packets);

    void refused(int status);
  }

  private final Listener listener;
  private final long[] secondSlot = new long[60];
  private final long[] secondCount = new long[60];
  private final long[] minuteSlot = new long[60];
  private final long[] minuteCount = new long[60];
  private final long[] rejected = new long[STATUSES.length + 1];
  private long lastSeenMillis;
  private long packets;
  private String lastError;
  private int lastErrorStatus;
  private long lastErrorMillis;
  private Long clockSkewMillis;
  private String userAgent;

  public SensorHealth(Listener listener) {
    this.listener = listener;
  }

  /** Packets accepted from the sensor at {@code nowMillis}. */
  public void accepted(int count, long nowMillis) {
    listener.accepted(count);
    record(count, nowMillis);
  }

  private synchronized void record(int count, long nowMillis) {
    lastSeenMillis = Math.max(lastSeenMillis, nowMillis);
    packets += count;
    add(secondSlot, secondCount, nowMillis / 1000, count);
    add(minuteSlot, minuteCount, nowMillis / 60_000, count);
  }

  /** A request of the sensor refused with {@code status}. */
  public void refused(int status, long nowMillis) {
    listener.refused(status);
    recordRefusal(status, nowMillis);
  }

  private synchronized void recordRefusal(int status, long nowMillis) {
    int i = 0;
    while (i < STATUSES.length && STATUSES[i] != status) i++;
    rejected[i]++;
    lastErrorStatus = status;
    lastErrorMillis = nowMillis;
    lastError = null;
  }

  /** What the last refusal said, when it said more than its status (a 400's field and reason). */
  public synchronized void errorMessage(String message) {
    if (message != null) lastError = clip(message);
  }

  /** Capture time minus receipt time of a packet that carried one (positive: the sensor's clock is ahead). */
  public synchronized void clockSkew(long skewMillis) {
    clockSkewMillis = skewMillis;
  }

  public synchronized void userAgent(String value) {
    if (value != null && !value.equals(userAgent)) userAgent = clip(value);
  }

  public synchronized long lastSeenMillis() {
    return lastSeenMillis;
  }

  public synchronized long packets() {
    return packets;
  }

  public synchronized long rejected(int status) {
    for (int i = 0; i < STATUSES.length; i++) if (STATUSES[i] == status) return rejected[i];
    return rejected[STATUSES.length];
  }

  /** Packets per second over the 60 whole seconds before {@code nowMillis}'s second. */
  public synchronized double perSecondLastMinute(long nowMillis) {
    return sum(secondSlot, secondCount, nowMillis / 1000) / 60.0;
  }

  /** Packets per second over the 60 whole minutes before {@code nowMillis}'s minute. */
  public synchronized double perSecondLastHour(long nowMillis) {
    return sum(minuteSlot, minuteCount, nowMillis / 60_000) / 3600.0;
  }

  /** The health as the API shows it (times in epoch milliseconds, null when never). */
  public synchronized Map<String, Object> snapshot(long nowMillis) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("last_seen_ms", lastSeenMillis == 0 ? null : lastSeenMillis);
    out.put("packets", packets);
    out.put("pps_1m", round(perSecondLastMinute(nowMillis)));
    out.put("pps_1h", round(perSecondLastHour(nowMillis)));
    Map<String, Object> refusals = new LinkedHashMap<>();
    for (int i = 0; i < STATUSES.length; i++) refusals.put(Integer.toString(STATUSES[i]), rejected[i]);
    refusals.put("other", rejected[STATUSES.length]);
    out.put("rejected", refusals);
    out.put("last_error", lastErrorStatus == 0 ? null
        : new LinkedHashMap<>(Map.of("status", lastErrorStatus, "at_ms", lastErrorMillis,
            "message", lastError == null ? statusText(lastErrorStatus) : lastError)));
    out.put("clock_skew_ms", clockSkewMillis);
    out.put("user_agent", userAgent);
    return out;
  }

  private static String statusText(int status) {
    return switch (status) {
      case 400 -> "bad request";
      case 401 -> "token no longer valid";
      case 413 -> "body over the size limit";
      case 429 -> "over its quota";
      case 503 -> "platform busy or its stream store unavailable";
      default -> "refused";
    };
  }

  private static void add(long[] slots, long[] counts, long slot, int n) {
    int i = (int) (slot % slots.length);
    if (slots[i] != slot) {
      slots[i] = slot;
      counts[i] = 0;
    }
    counts[i] += n;
  }

  /** The slots strictly before {@code current} and within the ring's span. */
  private static long sum(long[] slots, long[] counts, long current) {
    long total = 0;
    for (int i = 0; i < slots.length; i++) {
      if (slots[i] < current && slots[i] >= current - slots.length) total += counts[i];
    }
    return total;
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  private static String clip(String value) {
    return value.length() <= MAX_TEXT ? value : value.substring(0, MAX_TEXT);
  }
}
