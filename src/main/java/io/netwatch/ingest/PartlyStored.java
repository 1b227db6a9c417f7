package io.netwatch.ingest;

/**
 * A batch some of whose shards committed and others failed (a master died between them): the committed packets
 * are in the stream and must not be sent again, the {@link BatchOutcome#retry()} ones must.
 */
final class PartlyStored extends RuntimeException {
  private final transient BatchOutcome outcome;

  PartlyStored(BatchOutcome outcome, Throwable firstFailure) {
    // No stack trace: an expected outcome under a node failure, answered to the client, not a bug.
    super(outcome.accepted() + " of " + outcome.ids().size() + " packets stored; a shard failed: "
        + (firstFailure == null ? "unknown" : firstFailure.getMessage()), firstFailure, false, false);
    this.outcome = outcome;
  }

  BatchOutcome outcome() {
    return outcome;
  }
}
