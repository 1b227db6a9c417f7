package io.netwatch.notify;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * When to try a failed delivery again: exponential backoff from {@link #BASE_MS} doubling per attempt up to
 * {@link #CAP_MS}, with full jitter in its upper half (so receivers coming back are not hit by every node at
 * once); a receiver's Retry-After (seconds or an HTTP date, on 429 and 503) instead, within {@link #CAP_MS}. Pure.
 */
public final class RetryPolicy {
  static final long BASE_MS = 1_000;
  static final long CAP_MS = 5 * 60_000;

  private RetryPolicy() {
  }

  /** @param attempts attempts made so far, this one included (1 after the first); jitter in [0, 1) */
  public static long delayMs(int attempts, long retryAfterMs, double jitter) {
    if (retryAfterMs >= 0) return Math.min(retryAfterMs, CAP_MS);
    long exponential = BASE_MS << Math.min(Math.max(attempts - 1, 0), 20);
    long ceiling = Math.min(exponential, CAP_MS);
    return ceiling / 2 + (long) (ceiling / 2.0 * jitter);
  }

  /** Retry-After as milliseconds from {@code now}, or -1 when absent or not understood. */
  public static long retryAfterMs(String header, Instant now) {
    if (header == null || header.isBlank()) return -1;
    String value = header.strip();
    if (value.matches("\\d{1,9}")) return Long.parseLong(value) * 1000;
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Math.max(0, at.toEpochMilli() - now.toEpochMilli());
    } catch (DateTimeParseException e) {
      return -1;
    }
  }

  /** Whether the status asks to come back later, with Retry-After honoured. */
  public static boolean honoursRetryAfter(int status) {
    return status == 429 || status == 503;
  }
}
