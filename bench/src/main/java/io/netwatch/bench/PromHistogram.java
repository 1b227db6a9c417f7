package io.netwatch.bench;

import java.util.Map;
import java.util.TreeMap;

/** A Prometheus histogram's cumulative buckets (summed over label sets), read from the text format. */
final class PromHistogram {
  private final TreeMap<Double, Double> buckets;

  private PromHistogram(TreeMap<Double, Double> buckets) {
    this.buckets = buckets;
  }

  static PromHistogram parse(String text, String name) {
    TreeMap<Double, Double> buckets = new TreeMap<>();
    String prefix = name + "_bucket{";
    for (String line : text.split("\n")) {
      if (!line.startsWith(prefix)) continue;
      int le = line.indexOf("le=\"");
      int close = line.indexOf('"', le + 4);
      int space = line.lastIndexOf(' ');
      if (le < 0 || close < 0 || space < 0) continue;
      String bound = line.substring(le + 4, close);
      double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
      buckets.merge(upper, Double.parseDouble(line.substring(space + 1)), Double::sum);
    }
    return new PromHistogram(buckets);
  }

  PromHistogram minus(PromHistogram earlier) {
    TreeMap<Double, Double> delta = new TreeMap<>();
    for (Map.Entry<Double, Double> e : buckets.entrySet()) {
      delta.put(e.getKey(), e.getValue() - earlier.buckets.getOrDefault(e.getKey(), 0.0));
    }
    return new PromHistogram(delta);
  }

  double count() {
    return buckets.isEmpty() ? 0 : buckets.lastEntry().getValue();
  }

  /** The upper bound (ms) of the first bucket holding the q-quantile; null when empty or beyond the last bound. */
  Double quantileUpperBoundMs(double q) {
    double total = count();
    if (total <= 0) return null;
    for (Map.Entry<Double, Double> e : buckets.entrySet()) {
      if (e.getValue() >= q * total) {
        return e.getKey().isInfinite() ? null : Math.round(e.getKey() * 1e6) / 1e3;
      }
    }
    return null;
  }
}
