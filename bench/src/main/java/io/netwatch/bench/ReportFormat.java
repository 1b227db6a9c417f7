package io.netwatch.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The report's numbers and words: medians, ratios, units, verdicts, backlog trends and wrk's errors. Pure. */
final class ReportFormat {
  private ReportFormat() {
  }

  static Double median(List<JsonObject> runs, ToDoubleFunction<JsonObject> f) {
    List<Double> values = new ArrayList<>();
    for (JsonObject r : runs) {
      double v = f.applyAsDouble(r);
      if (!Double.isNaN(v)) values.add(v);
    }
    if (values.isEmpty()) return null;
    Collections.sort(values);
    int n = values.size();
    return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
  }

  static ToDoubleFunction<JsonObject> num(String key) {
    return r -> r.getValue(key) instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  static String count(Double v) {
    return v == null ? "n/a" : String.format(Locale.ROOT, "%,d", Math.round(v));
  }

  static String ms(Double v) {
    if (v == null) return "n/a";
    return String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.1f", v) + " ms";
  }

  static Double ratio(Double a, Double b) {
    return a == null || b == null || b == 0 ? null : a / b;
  }

  static String fmtRatio(Double r) {
    return r == null ? "n/a" : String.format(Locale.ROOT, "%.2f", r);
  }

  static String verdict(boolean met) {
    return met ? "**met**" : "**not met**";
  }

  static long sum(List<JsonObject> runs, String key) {
    long s = 0;
    for (JsonObject r : runs) s += r.getLong(key, 0L);
    return s;
  }

  static Double num(JsonObject o, String key) {
    return o != null && o.getValue(key) instanceof Number n ? n.doubleValue() : null;
  }

  static String pct(Double share) {
    return share == null ? "n/a" : String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  /** Least-squares slope (per sample, i.e. per second) of a series; 0 with fewer than 3 samples. */
  static double slope(JsonArray samples) {
    int n = samples == null ? 0 : samples.size();
    if (n < 3) return 0;
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int i = 0; i < n; i++) {
      double y = ((Number) samples.getValue(i)).doubleValue();
      sx += i;
      sy += y;
      sxx += (double) i * i;
      sxy += i * y;
    }
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
  }

  static long max(JsonArray samples) {
    long m = 0;
    if (samples != null) for (Object v : samples) m = Math.max(m, ((Number) v).longValue());
    return m;
  }

  /** "flat" or "growing": the backlog's growth over the run against 2% of the accepted rate per second (C's rule). */
  static String trend(JsonArray samples, Double acceptedPerSecond) {
    double s = slope(samples);
    boolean growing = acceptedPerSecond != null && s > 0.02 * acceptedPerSecond;
    return (growing ? "growing" : "flat") + String.format(Locale.ROOT, " (%+,d/s, max %,d)", Math.round(s), max(samples));
  }

  /** wrk's errors: non-2xx answers and socket errors, e.g. " {non-2xx: 3, timeout: 2}" or "". */
  static long socketErrors(List<JsonObject> runs) {
    long n = 0;
    for (JsonObject r : runs) {
      JsonObject s = r.getJsonObject("socket_errors", new JsonObject());
      for (String name : List.of("connect", "read", "write", "timeout")) n += s.getLong(name, 0L);
    }
    return n;
  }

  static String wrkErrors(List<JsonObject> runs) {
    long non2xx = sum(runs, "non_2xx");
    long[] socket = new long[4];
    String[] names = {"connect", "read", "write", "timeout"};
    for (JsonObject r : runs) {
      JsonObject s = r.getJsonObject("socket_errors", new JsonObject());
      for (int i = 0; i < names.length; i++) socket[i] += s.getLong(names[i], 0L);
    }
    StringBuilder b = new StringBuilder();
    if (non2xx > 0) b.append("non-2xx: ").append(non2xx);
    for (int i = 0; i < names.length; i++) {
      if (socket[i] > 0) b.append(b.length() > 0 ? ", " : "").append(names[i]).append(": ").append(socket[i]);
    }
    for (JsonObject r : runs) {
      if (r.getString("failure") != null) {
        b.append(b.length() > 0 ? ", " : "").append(r.getString("failure"));
        break;
      }
    }
    return b.length() == 0 ? "" : " {" + b + "}";
  }

  static String fmt1(Double v) {
    return v == null ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
  }
}
