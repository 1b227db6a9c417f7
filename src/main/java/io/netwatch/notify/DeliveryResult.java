package io.netwatch.notify;

/**
 * What a receiver said to one delivery attempt.
 *
 * @param status       the HTTP status, or 0 where there is none (syslog, no answer)
 * @param retryAfterMs how long the receiver asked to be left alone (Retry-After), or -1
 */
public record DeliveryResult(boolean delivered, int status, String detail, long retryAfterMs) {
  static final int MAX_DETAIL = 500;

  public DeliveryResult {
    if (detail != null && detail.length() > MAX_DETAIL) detail = detail.substring(0, MAX_DETAIL);
  }

  static DeliveryResult ok(int status, String detail) {
    return new DeliveryResult(true, status, detail, -1);
  }

  static DeliveryResult failed(int status, String detail, long retryAfterMs) {
    return new DeliveryResult(false, status, detail, retryAfterMs);
  }

  static DeliveryResult unreachable(Throwable err) {
    return new DeliveryResult(false, 0, err.getClass().getSimpleName() + ": " + err.getMessage(), -1);
  }
}
