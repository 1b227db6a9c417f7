package io.netwatch.model;

/** Event-bus addresses. Everything sent on them is a JSON object, so they work on a clustered bus. */
public final class Addresses {
  /** Request/reply: {"packets": [...]} to {"anomalies": [...]}. */
  public static final String SCORE = "anomaly.score";
  /** Request/reply: {"anomalies": [...]} to {"stored": n}. */
  public static final String STORE = "anomaly.store";
  /** Publish, every node: {"anomalies": [...]} rows newly committed, every batch (not bridged to browsers). */
  public static final String NEW_ANOMALIES = "anomalies.new";
  /**
   * Browser-visible, written by each dashboard to its own browsers a few times a second: a sample of the
   * rows committed since the last frame plus exact counts ({"anomalies", "counts", "skipped", "totals"}).
   */
  public static final String LIVE_FEED = "anomalies.live";
  /** Publish, browser-visible: counters and rates, about once a second. */
  public static final String STATS = "anomalies.stats";
  /**
   * The SockJS bridge lets browsers receive these addresses and nothing else. Not anomalies.new: a socket
   * registered on it would cost a copy of every committed batch, rows × browsers.
   */
  public static final String BROWSER_OUTBOUND_REGEX = "anomalies\\.(live|stats)|alerts\\..+";

  private Addresses() {
  }
}
