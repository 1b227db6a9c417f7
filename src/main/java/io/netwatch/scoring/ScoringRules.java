package io.netwatch.scoring;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Weights, thresholds and the suspicious port list. Defaults are the design's scoring table;
 * {@link #fromConfig(Map)} overrides any of them from the "scoring" config object.
 */
public record ScoringRules(
    Map<Signal, BigDecimal> weights,
    Set<Integer> suspiciousPorts,
    double entropyThreshold,
    double rateThreshold,
    int lowTtlBelow,
    int abnormalTtl,
    int oversizedPayloadAbove) {

  public static final Set<Integer> DEFAULT_SUSPICIOUS_PORTS =
      Set.of(4444, 6667, 6666, 1337, 31337, 12345, 27374, 5554, 9996, 2745, 3127, 20034);

  public static ScoringRules defaults() {
    Map<Signal, BigDecimal> weights = new LinkedHashMap<>();
    for (Signal s : Signal.values()) weights.put(s, s.defaultWeight());
    return new ScoringRules(Map.copyOf(weights), DEFAULT_SUSPICIOUS_PORTS, 7.5, 10_000, 10, 255, 65_000);
  }

  /**
   * Reads {"weights": {"suspicious_port": 0.3, ...}, "suspicious_ports": [...], "entropy_threshold": 7.5,
   * "rate_threshold": 10000, "low_ttl_below": 10, "abnormal_ttl": 255, "oversized_payload_above": 65000}.
   *
   * @throws IllegalArgumentException naming the key that is wrong
   */
  public static ScoringRules fromConfig(Map<String, Object> config) {
    ScoringRules d = defaults();
    if (config == null) return d;
    Map<Signal, BigDecimal> weights = new LinkedHashMap<>(d.weights());
    if (config.get("weights") instanceof Map<?, ?> w) {
      for (Map.Entry<?, ?> e : w.entrySet()) {
        Signal signal = Signal.fromName(String.valueOf(e.getKey()));
        if (signal == null) throw new IllegalArgumentException("scoring.weights: unknown signal " + e.getKey());
        if (!(e.getValue() instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 0) {
          throw new IllegalArgumentException("scoring.weights." + e.getKey() + " must be a number >= 0");
        }
        // Through the decimal string, so 0.3 stays 0.3 and sums are exact.
        weights.put(signal, new BigDecimal(n.toString()));
      }
    } else if (config.get("weights") != null) {
      throw new IllegalArgumentException("scoring.weights must be an object");
    }
    Set<Integer> ports = d.suspiciousPorts();
    if (config.get("suspicious_ports") instanceof List<?> list) {
      ports = new java.util.HashSet<>();
      for (Object o : list) {
        if (!(o instanceof Number n) || n.intValue() < 0 || n.intValue() > 65_535 || n.doubleValue() != n.intValue()) {
          throw new IllegalArgumentException("scoring.suspicious_ports must hold port numbers 0..65535");
        }
        ports.add(n.intValue());
      }
      ports = Set.copyOf(ports);
    } else if (config.get("suspicious_ports") != null) {
      throw new IllegalArgumentException("scoring.suspicious_ports must be an array");
    }
    return new ScoringRules(Map.copyOf(weights), ports,
        number(config, "entropy_threshold", d.entropyThreshold()),
        number(config, "rate_threshold", d.rateThreshold()),
        (int) number(config, "low_ttl_below", d.lowTtlBelow()),
        (int) number(config, "abnormal_ttl", d.abnormalTtl()),
        (int) number(config, "oversized_payload_above", d.oversizedPayloadAbove()));
  }

  private static double number(Map<String, Object> config, String key, double fallback) {
    Object value = config.get(key);
    if (value == null) return fallback;
    if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
      throw new IllegalArgumentException("scoring." + key + " must be a number");
    }
    return n.doubleValue();
  }

  public BigDecimal weight(Signal signal) {
    return weights.getOrDefault(signal, BigDecimal.ZERO);
  }
}
