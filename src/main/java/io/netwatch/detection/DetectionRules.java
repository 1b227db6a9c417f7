package io.netwatch.detection;

import io.netwatch.model.Severity;

import java.util.EnumMap;
import java.util.Map;

/**
 * The detection stage's configuration (the "detection" object of its entry, or of the top level), with
 * the peers' defaults. Pure: built from plain maps, so it is unit-tested without Vert.x.
 *
 * <pre>
 * "detection": {
 *   "packet_alerts": { "enabled": true, "min_severity": "high", "quiet_seconds": 60 },
 *   "detectors": { "port_scan": { "enabled": true, "window_seconds": 300, "threshold": 15,
 *                                 "quiet_seconds": 600, "severity": "high" }, ... },
 *   "release_check_ms": 1000,
 *   "key_prefix": "det:netwatch:"    (default: derived from the stream name, see {@link #keyPrefixFor})
 * }
 * </pre>
 */
public record DetectionRules(Map<Detector, Rule> detectors, PacketAlerts packetAlerts, long releaseCheckMs,
    String keyPrefix) {

  /** One stateful detector: tumbling window (from its first hit), threshold, quiet period before release. */
  public record Rule(Detector detector, boolean enabled, long windowMs, long threshold, long quietMs,
      Severity severity) {

    /** Whether a window with {@code packets} packets and {@code distinct} distinct values is over the threshold. */
    public boolean over(long packets, long distinct) {
      return detector.distinct() ? distinct >= threshold : packets > threshold;
    }

    /** Distinct values kept per window (Zeek's unique_max): enough to decide, bounded memory per key. */
    public long distinctCap() {
      return 2 * threshold;
    }
  }

  /** Alerts engaged by per-packet scores: one per (src_ip, dst_ip, reason set) at or above a severity. */
  public record PacketAlerts(boolean enabled, Severity minSeverity, long quietMs) {
  }

  static final long MAX_WINDOW_SECONDS = 24 * 3600;
  static final long MAX_THRESHOLD = 1_000_000_000L;

  public static DetectionRules defaults() {
    return fromConfig(Map.of());
  }

  /**
   * @throws IllegalArgumentException naming the setting when a value is of the wrong type or out of range
   */
  public static DetectionRules fromConfig(Map<String, Object> config) {
    Map<String, Object> detectorsConfig = object(config, "detectors", "detection.detectors");
    for (String name : detectorsConfig.keySet()) {
      if (Detector.fromLabel(name) == null) {
        throw new IllegalArgumentException("detection.detectors." + name + " is not a detector (port_scan,"
            + " syn_flood, host_sweep, source_flood)");
      }
    }
    Map<Detector, Rule> rules = new EnumMap<>(Detector.class);
    rules.put(Detector.SOURCE_FLOOD, rule(Detector.SOURCE_FLOOD, detectorsConfig, 60, 10_000, Severity.MEDIUM));
    rules.put(Detector.SYN_FLOOD, rule(Detector.SYN_FLOOD, detectorsConfig, 60, 256 * 60, Severity.HIGH));
    rules.put(Detector.PORT_SCAN, rule(Detector.PORT_SCAN, detectorsConfig, 300, 15, Severity.HIGH));
    rules.put(Detector.HOST_SWEEP, rule(Detector.HOST_SWEEP, detectorsConfig, 300, 25, Severity.HIGH));

    Map<String, Object> packet = object(config, "packet_alerts", "detection.packet_alerts");
    String prefix = "detection.packet_alerts.";
    String minSeverity = string(packet, "min_severity", "high", prefix);
    Severity severity = Severity.fromLabel(minSeverity);
    if (severity == null) throw new IllegalArgumentException(prefix + "min_severity must be low, medium, high or critical");
    PacketAlerts packetAlerts = new PacketAlerts(bool(packet, "enabled", true, prefix), severity,
        1000 * number(packet, "quiet_seconds", 60, 1, MAX_WINDOW_SECONDS, prefix));
    long releaseCheckMs = number(config, "release_check_ms", 1000, 100, 60_000, "detection.");
    // Null: derived from the stream name, so two platforms sharing one Redis keep their windows apart.
    String keyPrefix = string(config, "key_prefix", null, "detection.");
    return new DetectionRules(Map.copyOf(rules), packetAlerts, releaseCheckMs, keyPrefix);
  }

  /** The configured key prefix, else {@code det:<stream>:}: one platform's windows never count another's packets. */
  public String keyPrefixFor(String streamName) {
    return keyPrefix != null ? keyPrefix : "det:" + streamName + ":";
  }

  public Rule rule(Detector detector) {
    return detectors.get(detector);
  }

  private static Rule rule(Detector detector, Map<String, Object> all, long windowSeconds, long threshold,
      Severity severity) {
    String prefix = "detection.detectors." + detector.label() + ".";
    Map<String, Object> own = object(all, detector.label(), prefix.substring(0, prefix.length() - 1));
    long window = number(own, "window_seconds", windowSeconds, 1, MAX_WINDOW_SECONDS, prefix);
    String label = string(own, "severity", severity.label(), prefix);
    Severity chosen = Severity.fromLabel(label);
    if (chosen == null) throw new IllegalArgumentException(prefix + "severity must be low, medium, high or critical");
    return new Rule(detector, bool(own, "enabled", true, prefix), 1000 * window,
        number(own, "threshold", threshold, 1, MAX_THRESHOLD, prefix),
        1000 * number(own, "quiet_seconds", 2 * window, 1, 2 * MAX_WINDOW_SECONDS, prefix), chosen);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Map<String, Object> config, String key, String name) {
    Object value = config.get(key);
    if (value == null) return Map.of();
    if (value instanceof Map<?, ?> map) return (Map<String, Object>) map;
    throw new IllegalArgumentException(name + " must be an object");
  }

  private static long number(Map<String, Object> config, String key, long fallback, long min, long max, String prefix) {
    Object value = config.get(key);
    if (value == null) return fallback;
    if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
        || n.longValue() < min || n.longValue() > max) {
      throw new IllegalArgumentException(prefix + key + " must be a whole number from " + min + " to " + max);
    }
    return n.longValue();
  }

  private static boolean bool(Map<String, Object> config, String key, boolean fallback, String prefix) {
    Object value = config.get(key);
    if (value == null) return fallback;
    if (value instanceof Boolean b) return b;
    throw new IllegalArgumentException(prefix + key + " must be true or false");
  }

  private static String string(Map<String, Object> config, String key, String fallback, String prefix) {
    Object value = config.get(key);
    if (value == null) return fallback;
    if (value instanceof String s) return s;
    throw new IllegalArgumentException(prefix + key + " must be a string");
  }
}
