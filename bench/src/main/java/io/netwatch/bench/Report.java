package io.netwatch.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Builds the Markdown table from the files bench/run.sh leaves in its work directory: medians over the
 * runs, each figure as a ratio to its reference, and the target it is held to. Usage: Report DIR
 */
public final class Report {
  private final Path dir;
  private final JsonObject meta;

  private Report(Path dir) throws IOException {
    this.dir = dir;
    this.meta = object("meta.json");
  }

  public static void main(String[] args) throws IOException {
    System.out.print(new Report(Path.of(args[0])).render());
  }

  private List<JsonObject> lines(String file) throws IOException {
    Path path = dir.resolve(file);
    List<JsonObject> list = new ArrayList<>();
    if (!Files.exists(path)) return list;
    for (String line : Files.readAllLines(path)) {
      line = line.strip();
      if (line.startsWith("{")) list.add(new JsonObject(line));
    }
    return list;
  }

  private JsonObject object(String file) throws IOException {
    List<JsonObject> list = lines(file);
    return list.isEmpty() ? new JsonObject() : list.get(list.size() - 1);
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

  private String render() throws IOException {
    StringBuilder out = new StringBuilder();
    int runs = meta.getInteger("runs", 3);
    out.append("Benchmark of ").append(meta.getString("date", "?")).append(" (platform ")
        .append(meta.getString("git", "?")).append(") on ").append(meta.getValue("cores")).append(" cores, ")
        .append(meta.getValue("mem_gib")).append(" GiB; ").append(meta.getString("java", "java ?"))
        .append(meta.getInteger("quick", 0) == 1 ? "; QUICK=1 (short runs, preliminary)" : "")
        .append(".\nLoad generator, references, Redis and PostgreSQL on the same machine; every figure is the")
        .append(" median of ").append(runs).append(" runs, each reference is measured in the same run.\n\n");
    out.append("| figure | measured | reference | ratio | target |\n|---|---|---|---|---|\n");

    // A: single packets, closed loop, C connections, platform vs trivial route.
    List<JsonObject> aRef = lines("a_ref.jsonl");
    Double aRefRate = median(aRef, num("requests_per_s"));
    String aRefCell = "trivial Vert.x route: " + count(aRefRate) + " req/s, p99 " + ms(median(aRef, num("p99_ms")));
    String aName = "A. single-packet ingest, closed loop, " + meta.getValue("a_connections") + " connections";
    rowA(out, aName + ", whole platform", lines("a.jsonl"), aRefRate, aRefCell);
    if (meta.getInteger("ingest_only", 0) == 1) {
      rowA(out, "A′. the same, ingest role alone (conf/nodes/ingest.json)", lines("a_solo.jsonl"), aRefRate, aRefCell);
    }

    // B: batches of 1,000 packets vs redis-benchmark XADD -c 1 -P 64.
    Double bRef = median(lines("b_ref.jsonl"), num("ops_per_s"));
    String bRefCell = "redis-benchmark -c 1 -P 64 XADD: " + count(bRef) + " XADD/s";
    String bName = "B. batch ingest, " + count(meta.getDouble("b_batch", 1000.0)) + " packets/request, "
        + meta.getValue("b_connections") + " connections";
    rowB(out, bName + ", whole platform", lines("b.jsonl"), bRef, bRefCell);
    if (meta.getInteger("ingest_only", 0) == 1) {
      rowB(out, "B′. the same, ingest role alone", lines("b_solo.jsonl"), bRef, bRefCell);
    }

    // C: highest sustained rate with a bounded backlog vs pgbench 64-row inserts.
    JsonObject c = object("c_result.json");
    Double cBest = c.getValue("best") instanceof Number n ? n.doubleValue() : null;
    Double cRef = median(lines("c_ref.jsonl"), num("rows_per_s"));
    Double cRatio = ratio(cBest, cRef);
    int held = c.getInteger("held", 0);
    int tried = c.getInteger("runs", 0);
    boolean cMet = cRatio != null && cRatio >= 0.15 && cBest >= 30_000 && held * 2 > tried;
    out.append("| C. end-to-end sustained, ").append(meta.getValue("sustain_seconds")).append(" s, ")
        .append(meta.getValue("sustain_batch")).append(" packets/request | ")
        .append(cBest == null || cBest == 0 ? "no rate held" : count(cBest) + " packets/s held (backlog bounded in "
            + held + " of " + tried + " runs at that rate)")
        .append(" | pgbench 1 client, 64-row INSERTs: ").append(count(cRef)).append(" rows/s | ")
        .append(fmtRatio(cRatio)).append(" | ≥ 0.15 and ≥ 30,000 packets/s: ").append(verdict(cMet)).append(" |\n");

    // D: ingest 200 to the row on anomalies.new through the SockJS bridge.
    List<JsonObject> d = lines("d.jsonl");
    Double dP50 = median(d, num("p50_ms"));
    Double dP99 = median(d, num("p99_ms"));
    long dOk = sum(d, "ok");
    long dMatched = sum(d, "matched");
    boolean dMet = dP50 != null && dP50 <= 10 && dP99 != null && dP99 <= 50 && dMatched == dOk && dOk > 0;
    out.append("| D. end-to-end latency at ").append(count(meta.getDouble("d_rate", 5000.0)))
        .append(" packets/s, ingest 200 → row on anomalies.new (SockJS) | p50 ").append(ms(dP50)).append(", p99 ")
        .append(ms(dP99)).append(", p99.9 ").append(ms(median(d, num("p999_ms")))).append("; rows seen ")
        .append(String.format(Locale.ROOT, "%,d of %,d", dMatched, dOk)).append(", bridge reported ")
        .append(String.format(Locale.ROOT, "%,d", sum(d, "dropped_by_bridge"))).append(" dropped")
        .append("; inside the platform (receipt → publish, /metrics) p50 ≤ ")
        .append(ms(median(d, num("pipeline_p50_le_ms")))).append(", p99 ≤ ")
        .append(ms(median(d, num("pipeline_p99_le_ms")))).append(" | — | — | p50 ≤ 10 ms, p99 ≤ 50 ms: ")
        .append(verdict(dMet)).append(" |\n");

    // E: memory of the platform JVM during C.
    JsonObject e = object("e.json");
    double rssMib = e.getLong("peak_rss_kb", 0L) / 1024.0;
    double heapMib = e.getLong("peak_heap_kb", 0L) / 1024.0;
    long oom = e.getLong("oom", 0L);
    boolean alive = e.getBoolean("alive", false);
    boolean eMet = alive && oom == 0 && rssMib > 0 && rssMib <= 1024 && heapMib <= 512;
    out.append("| E. platform memory during C, -Xmx").append(meta.getString("xmx", "512m")).append(" | peak RSS ")
        .append(count(rssMib)).append(" MiB (VmHWM), peak heap used ").append(count(heapMib))
        .append(" MiB of ").append(count(e.getLong("heap_committed_max_kb", 0L) / 1024.0)).append(" MiB committed; ")
        .append(e.getLong("young_gcs", 0L)).append(" young / ").append(e.getLong("full_gcs", 0L))
        .append(" full GCs; OutOfMemoryError: ").append(oom).append(alive ? "" : "; the platform died")
        .append(" | — | — | heap within -Xmx512m, no OOM, RSS ≤ 1 GiB: ").append(verdict(eMet)).append(" |\n");

    out.append("\nHow to read it: A and B load the whole platform (conf/platform.json, one JVM), so the pipeline scores")
        .append(" and stores the same packets while ingest answers; A′ and B′ load the ingest role alone")
        .append(" (conf/nodes/ingest.json). C is the highest offered rate at which the backlog stayed bounded.")
        .append(" D's \"inside the platform\" figures are the platform's own netwatch_pipeline_latency histogram")
        .append(" (ingest receipt to publish on the bus; bucket upper bounds) over the same runs: the rest of D is")
        .append(" the SockJS bridge's delivery to one browser-like client.\n");
    out.append('\n').append(cSteps());
    return out.toString();
  }

  private static void rowA(StringBuilder out, String name, List<JsonObject> a, Double refRate, String refCell) {
    Double rate = median(a, num("requests_per_s"));
    Double p99 = median(a, num("p99_ms"));
    Double r = ratio(rate, refRate);
    out.append("| ").append(name).append(" | ").append(count(rate)).append(" req/s; p50 ")
        .append(ms(median(a, num("p50_ms")))).append(", p99 ").append(ms(p99)).append(", p99.9 ")
        .append(ms(median(a, num("p999_ms")))).append("; ").append(sum(a, "errors")).append(" errors")
        .append(statusNote(a)).append(" | ").append(refCell).append(" | ").append(fmtRatio(r))
        .append(" | ≥ 0.55 and p99 ≤ 5 ms: ")
        .append(verdict(r != null && r >= 0.55 && p99 != null && p99 <= 5 && sum(a, "errors") == 0)).append(" |\n");
  }

  private static void rowB(StringBuilder out, String name, List<JsonObject> b, Double ref, String refCell) {
    Double rate = median(b, num("packets_per_s"));
    Double r = ratio(rate, ref);
    out.append("| ").append(name).append(" | ").append(count(rate)).append(" packets/s; p99 ")
        .append(ms(median(b, num("p99_ms")))).append(" per request; ").append(sum(b, "errors")).append(" errors")
        .append(statusNote(b)).append(" | ").append(refCell).append(" | ").append(fmtRatio(r)).append(" | ≥ 0.3: ")
        .append(verdict(r != null && r >= 0.3 && sum(b, "errors") == 0)).append(" |\n");
  }

  private static String statusNote(List<JsonObject> runs) {
    JsonObject merged = new JsonObject();
    for (JsonObject r : runs) {
      JsonObject s = r.getJsonObject("statuses", new JsonObject());
      for (String k : s.fieldNames()) {
        if (!k.equals("200")) merged.put(k, merged.getLong(k, 0L) + s.getLong(k));
      }
    }
    return merged.isEmpty() ? "" : " " + merged.encode();
  }

  private String cSteps() throws IOException {
    List<JsonObject> steps = lines("c_steps.jsonl");
    if (steps.isEmpty()) return "";
    StringBuilder out = new StringBuilder("C, every sustained run (backlog = entries not yet acknowledged, from "
        + "GET /ready once a second; bounded = no failed request, rate delivered, growth over the last 3/4 "
        + "≤ 2% of the rate per second, ≤ 2 s of packets left at the end):\n\n"
        + "| phase | packets/s offered | delivered | processed/s | request p99 | backlog max | growth/s | end | verdict |\n"
        + "|---|---|---|---|---|---|---|---|---|\n");
    for (JsonObject s : steps) {
      out.append("| ").append(s.getString("phase", "?")).append(" | ").append(count(s.getDouble("rate")))
          .append(" | ").append(count(s.getDouble("delivered_packets_per_s"))).append(" | ")
          .append(count(s.getDouble("processed_per_s"))).append(" | ").append(ms(s.getDouble("p99_ms")))
          .append(" | ").append(count(s.getDouble("backlog_max"))).append(" | ")
          .append(count(s.getDouble("backlog_growth_per_s"))).append(" | ")
          .append(count(s.getDouble("backlog_end"))).append(" | ").append(s.getString("verdict", "?"))
          .append(" |\n");
    }
    out.append("\nBacklog samples, one a second:\n\n```\n");
    for (JsonObject s : steps) {
      JsonArray backlog = s.getJsonArray("backlog", new JsonArray());
      out.append(s.getString("phase", "?")).append(' ').append(Math.round(s.getDouble("rate", 0.0))).append(": ")
          .append(backlog.encode()).append('\n');
    }
    return out.append("```\n").toString();
  }
}
