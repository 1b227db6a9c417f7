package io.netwatch.alerts;

import io.netwatch.scoring.Signal;

import java.util.List;

/** The names an alert's {@code detector} takes, and what a suppression rule may name instead. Pure. */
public final class Detectors {
  /**
   * The stateful detectors, {@code packet} for an alert engaged by per-packet scores, and {@code sensor_silent} for
   * a registered sensor gone quiet (io.netwatch.sensors).
   */
  public static final List<String> ALERT_DETECTORS =
      List.of("port_scan", "syn_flood", "host_sweep", "source_flood", "packet", "sensor_silent");

  private Detectors() {
  }

  public static boolean isAlertDetector(String name) {
    return ALERT_DETECTORS.contains(name);
  }

  /** What a suppression's {@code detector} may be: a detector above or a per-packet reason (suspicious_port, ...). */
  public static boolean isRuleTarget(String name) {
    return isAlertDetector(name) || Signal.fromName(name) != null;
  }

  /** The rule targets, for an error message. */
  public static String ruleTargets() {
    StringBuilder names = new StringBuilder(String.join(", ", ALERT_DETECTORS));
    for (Signal s : Signal.values()) names.append(", ").append(s.reason());
    return names.toString();
  }
}
