package io.netwatch.model;

import java.math.BigDecimal;
import java.util.Locale;

/** Severity buckets of a score: below 0.25 low, below 0.50 medium, below 0.75 high, else critical. */
public enum Severity {
  LOW, MEDIUM, HIGH, CRITICAL;

  private static final Severity[] ALL = values();
  /** Computed once: labels are looked up for every packet. */
  private final String label = name().toLowerCase(Locale.ROOT);

  private static final BigDecimal MEDIUM_FROM = new BigDecimal("0.25");
  private static final BigDecimal HIGH_FROM = new BigDecimal("0.50");
  private static final BigDecimal CRITICAL_FROM = new BigDecimal("0.75");

  public static Severity of(BigDecimal score) {
    if (score.compareTo(MEDIUM_FROM) < 0) return LOW;
    if (score.compareTo(HIGH_FROM) < 0) return MEDIUM;
    if (score.compareTo(CRITICAL_FROM) < 0) return HIGH;
    return CRITICAL;
  }

  public static Severity of(double score) {
    return of(BigDecimal.valueOf(score));
  }

  /** The lowercase label used on the wire, in the database and on the dashboard. */
  public String label() {
    return label;
  }

  /** Parses a wire label; null when it is not one of the four. */
  public static Severity fromLabel(String label) {
    if (label == null) return null;
    for (Severity s : ALL) {
      if (s.label().equals(label)) return s;
    }
    return null;
  }
}
