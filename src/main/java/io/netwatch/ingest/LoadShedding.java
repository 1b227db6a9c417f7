package io.netwatch.ingest;

/**
 * Whether ingest turns sensors away (503 + Retry-After) for the stream's backlog, decided on each backlog
 * reading. Over STREAM_MAX_LEN: always. Over SHED_BACKLOG while the pipeline keeps reading: the pipeline
 * is working but behind, and every packet accepted now takes CPU that scoring and persistence need, so
 * ingest sheds early, until the backlog is back under half of SHED_BACKLOG. While the pipeline is stalled
 * (PostgreSQL down, no analyzer), the stream buffers up to STREAM_MAX_LEN as before.
 */
final class LoadShedding {
  /** Why sensors are turned away, or null. */
  enum Refusal {
    STREAM_FULL("stream backlog is over STREAM_MAX_LEN; retry later"),
    PIPELINE_BEHIND("the pipeline is behind (backlog over SHED_BACKLOG); retry later");

    final String message;

    Refusal(String message) {
      this.message = message;
    }
  }

  private final long shedAt;
  private String lastProgress;
  private boolean shedding;

  /** {@code shedAt} 0 switches early shedding off. */
  LoadShedding(long shedAt) {
    this.shedAt = shedAt;
  }

  /**
   * @param progress the slowest group's last delivered id (null without a group): a change since the last
   *                 reading means the pipeline is reading
   */
  Refusal decide(long backlog, long maxLen, String progress) {
    boolean reading = progress != null && lastProgress != null && !progress.equals(lastProgress);
    lastProgress = progress;
    if (shedAt > 0) {
      if (shedding) shedding = backlog > shedAt / 2;
      else shedding = reading && backlog > shedAt;
    }
    if (backlog > maxLen) return Refusal.STREAM_FULL;
    return shedding ? Refusal.PIPELINE_BEHIND : null;
  }
}
