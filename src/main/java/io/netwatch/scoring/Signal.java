package io.netwatch.scoring;

import java.math.BigDecimal;
import java.util.Locale;

/** The six anomaly signals of the scoring table, with their default weights. */
public enum Signal {
  SUSPICIOUS_PORT("0.30"),
  SYN_ONLY("0.25"),
  HIGH_ENTROPY("0.20"),
  HIGH_RATE("0.20"),
  ABNORMAL_TTL("0.15"),
  OVERSIZED_PAYLOAD("0.10");

  private final BigDecimal defaultWeight;
  /** Computed once: reasons are named for every packet. */
  private final String reason = name().toLowerCase(Locale.ROOT);

  Signal(String defaultWeight) {
    this.defaultWeight = new BigDecimal(defaultWeight);
  }

  public BigDecimal defaultWeight() {
    return defaultWeight;
  }

  /** The name used in reasons and config: suspicious_port, syn_only, ... */
  public String reason() {
    return reason;
  }

  public static Signal fromName(String name) {
    for (Signal s : values()) {
      if (s.reason().equals(name)) return s;
    }
    return null;
  }
}
