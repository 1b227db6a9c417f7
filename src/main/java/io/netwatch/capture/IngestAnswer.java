package io.netwatch.capture;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * What the sensor does with ingest's answer to a batch. Pure: unit-tested with the statuses ingest sends.
 *
 * @param status the HTTP status, 0 when there was no answer
 * @param retryAfterMs the wait ingest asked for (Retry-After on a 503), or -1
 * @param retry on a 503 for a batch stored in part, the indexes of its packets not stored (ascending): only those
 *     are sent again; null when the whole batch must go again
 */
public record IngestAnswer(Action action, int status, long retryAfterMs, String detail, List<Integer> retry) {
  public enum Action {
    /** Stored: the batch leaves the queue. */
    ACCEPTED,
    /** 401: the token is wrong; retrying cannot help, so the sensor stops at once. */
    TOKEN_REFUSED,
    /** 400, 413, 415, 422: this batch will never be taken; it is counted as lost and the next one goes. */
    REJECTED,
    /** 503, other 5xx, 408, 429, or no answer: the same batch again after a pause. */
    RETRY
  }

  private static final long MAX_RETRY_AFTER_MS = 300_000;

  public static IngestAnswer of(int status, String retryAfter, String body) {
    if (status >= 200 && status < 300) return new IngestAnswer(Action.ACCEPTED, status, -1, "", null);
    String detail = "HTTP " + status + (body == null || body.isBlank() ? "" : ": " + abbreviate(body));
    if (status == 401) return new IngestAnswer(Action.TOKEN_REFUSED, status, -1, detail, null);
    if (status >= 500 || status == 408 || status == 429) {
      return new IngestAnswer(Action.RETRY, status, retryAfterMs(retryAfter), detail, status == 503 ? retry(body) : null);
    }
    return new IngestAnswer(Action.REJECTED, status, -1, detail, null);
  }

  public static IngestAnswer unreachable(String reason) {
    return new IngestAnswer(Action.RETRY, 0, -1, reason, null);
  }

  /**
   * The {@code retry} list of a partial 503's body: non-negative integers, strictly ascending, at least one. Anything
   * else (no body, no list, a malformed one) is null: then the whole batch goes again, as before partial answers.
   */
  static List<Integer> retry(String body) {
    if (body == null || !body.contains("\"retry\"")) return null;
    try {
      Object list = new JsonObject(body).getValue("retry");
      if (!(list instanceof JsonArray indexes) || indexes.isEmpty()) return null;
      List<Integer> retry = new ArrayList<>(indexes.size());
      for (Object index : indexes) {
        if (!(index instanceof Integer i) || i < 0 || (!retry.isEmpty() && i <= retry.get(retry.size() - 1))) return null;
        retry.add(i);
      }
      return List.copyOf(retry);
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  /** Retry-After in seconds (the form ingest sends); an HTTP date or garbage is ignored (-1). */
  static long retryAfterMs(String header) {
    if (header == null) return -1;
    try {
      long seconds = Long.parseLong(header.strip());
      return seconds < 0 ? -1 : Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String abbreviate(String body) {
    String oneLine = body.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
  }
}
