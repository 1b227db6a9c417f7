package io.netwatch.sensors;

/**
 * A sensor's quota as a token bucket: {@code quotaPps} tokens a second, holding at most two seconds of them.
 * A request is admitted when it can take one token (taken at once, so requests in flight together cannot all pass
 * on the same token); a batch is then charged for its other packets, which may take the bucket below zero: the
 * sensor then waits until it is paid back. Thread-safe. Pure: times passed in.
 */
public final class QuotaBucket {
  static final double BURST_SECONDS = 2.0;
  private final double rate;
  private final double capacity;
  private double tokens;
  private long lastNanos;

  public QuotaBucket(int quotaPps, long nowNanos) {
    if (quotaPps <= 0) throw new IllegalArgumentException("quota_pps must be positive");
    rate = quotaPps;
    capacity = quotaPps * BURST_SECONDS;
    tokens = capacity;
    lastNanos = nowNanos;
  }

  public int quotaPps() {
    return (int) rate;
  }

  /** Takes the token of a request that may go on now; false (nothing taken) when it may not. */
  public synchronized boolean admits(long nowNanos) {
    refill(nowNanos);
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  }

  /** Charges the packets of an admitted request beyond its first. */
  public synchronized void charge(int packets, long nowNanos) {
    refill(nowNanos);
    tokens -= packets;
  }

  /** Whole seconds until one token is back (at least 1): a refused request's Retry-After. */
  public synchronized long retryAfterSeconds(long nowNanos) {
    refill(nowNanos);
    return Math.max(1, (long) Math.ceil((1 - tokens) / rate));
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - lastNanos;
    if (elapsed <= 0) return;
    tokens = Math.min(capacity, tokens + elapsed * rate / 1e9);
    lastNanos = nowNanos;
  }
}
