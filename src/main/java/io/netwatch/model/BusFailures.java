package io.netwatch.model;

/** Failure codes of event-bus replies that callers act on, shared by every role. */
public final class BusFailures {
  /** The request's data was refused as it is (e.g. PostgreSQL rejected a row): retrying it unchanged is useless. */
  public static final int REJECTED_DATA = 422;
  /** The service behind the address is unreachable or busy: retry later. */
  public static final int UNAVAILABLE = 503;

  private BusFailures() {
  }
}
