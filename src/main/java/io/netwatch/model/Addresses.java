package io.netwatch.model;

/** Event-bus addresses. Everything sent on them is a JSON object, so they work on a clustered bus. */
public final class Addresses {
  /** Request/reply: {"packets": [...]} to {"anomalies": [...]}. */
  public static final String SCORE = "anomaly.score";
  /** Request/reply: {"anomalies": [...]} to {"stored": n, "rolled_up_only": m}. */
  public static final String STORE = "anomaly.store";
  /**
   * Request/reply: {"anomalies": [...]} (rows as sent to anomaly.store) to {"alerts": n}: feeds the detectors'
   * windows and engages or refreshes alerts. Sent after the batch is stored, before it is acknowledged.
   */
  public static final String DETECT = "anomaly.detect";
  /** Publish, browser-visible: an alert (AlertJson shape) that was just engaged. */
  public static final String ALERTS_ENGAGED = "alerts.engaged";
  /** Publish, browser-visible: an engaged alert refreshed (at most every 5 s per alert) or acknowledged. */
  public static final String ALERTS_UPDATED = "alerts.updated";
  /** Publish, browser-visible: an alert released after its quiet period. */
  public static final String ALERTS_RELEASED = "alerts.released";
  /** Publish, every node, not bridged: {"id": n} a suppression rule was created or deleted; reload the rules. */
  public static final String SUPPRESSIONS_CHANGED = "suppressions.changed";
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
