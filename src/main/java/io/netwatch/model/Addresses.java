package io.netwatch.model;

/** Event-bus addresses. Everything sent on them is a JSON object, so they work on a clustered bus. */
public final class Addresses {
  /** Request/reply: {"packets": [...]} to {"anomalies": [...]}. */
  public static final String SCORE = "anomaly.score";
  /** Request/reply: {"anomalies": [...]} to {"stored": n}. */
  public static final String STORE = "anomaly.store";
  /** Publish, browser-visible: {"anomalies": [...]} rows newly committed. */
  public static final String NEW_ANOMALIES = "anomalies.new";
  /** Publish, browser-visible: counters and rates, about once a second. */
  public static final String STATS = "anomalies.stats";
  /** The SockJS bridge lets browsers receive these addresses and nothing else. */
  public static final String BROWSER_OUTBOUND_REGEX = "anomalies\\..+";

  private Addresses() {
  }
}
