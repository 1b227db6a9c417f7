package io.netwatch.stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter WARNs of one consumer, as a {@link DeadLetterDigest}: at most one line every
 * {@link #INTERVAL_MS}, with a count per reason and a sample id. Dead-lettering itself stays per entry.
 */
final class DeadLetterLog {
  private static final Logger log = LoggerFactory.getLogger(DeadLetterLog.class);
  static final long INTERVAL_MS = 5_000;

  private final String deadLetterStream;
  private final DeadLetterDigest digest = new DeadLetterDigest(INTERVAL_MS);

  DeadLetterLog(String deadLetterStream) {
    this.deadLetterStream = deadLetterStream;
  }

  void record(String entryId, String reason) {
    warn(digest.record(entryId, reason, System.currentTimeMillis()));
  }

  /** Logs what was counted since the last line, once it is due; the consumer calls it every INTERVAL_MS. */
  void flush() {
    warn(digest.flush(System.currentTimeMillis()));
  }

  /** Logs whatever is counted, due or not: the consumer is stopping. */
  void drain() {
    warn(digest.drain(System.currentTimeMillis()));
  }

  private void warn(String line) {
    if (line != null) log.warn("{}; moved to {}", line, deadLetterStream);
  }
}
