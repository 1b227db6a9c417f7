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
 * runs, each figure as a ratio to its reference, and the target it is held to; then the load generators'
 * own ceilings on the trivial route, and the per-second detail of P, G, H and C. Usage: Report DIR
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

  /** D counts only if the generator's requests were answered within this of their scheduled send time (p99). */
  static final double GENERATOR_ON_SCHEDULE_MS = 100;

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

  private String render() throws IOException {
    StringBuilder out = new StringBuilder();
    int runs = meta.getInteger("runs", 3);
    out.append("Benchmark of ").append(meta.getString("date", "?")).append(" (platform ")
        .append(meta.getString("git", "?")).append(") on ").append(meta.getValue("cores")).append(" cores, ")
        .append(meta.getValue("mem_gib")).append(" GiB; ").append(meta.getString("java", "java ?"))
        .append("; ").append(meta.getString("wrk", "wrk"))
        .append("; load average before the run ").append(meta.getString("load_before", "?"))
        .append(meta.getInteger("quick", 0) == 1 ? "; QUICK=1 (short runs, preliminary)" : "")
        .append(".\nLoad generators, references, Redis and PostgreSQL on the same machine. Closed loops: wrk; open loops")
        .append(" at fixed rates: bench's LoadGenerator; their own ceilings are below the table. Figures with several")
        .append(" runs are medians of ").append(runs).append(" runs; each reference is measured in the same run.\n\n");
    out.append("| figure | measured | reference | ratio | target |\n|---|---|---|---|---|\n");

    List<JsonObject> aRef = lines("a_ref.jsonl");
    Double trivialRate = median(aRef, num("ok_per_s"));
    String trivialCell = "trivial Vert.x route, wrk: " + count(trivialRate) + " req/s, p99 " + ms(median(aRef, num("p99_ms")));

    // P: the whole platform, single packets, wrk, everything committed.
    List<JsonObject> p = lines("p.jsonl");
    JsonObject pc = object("p_commit.json");
    Double pRate = median(p, num("ok_per_s"));
    Double pP99 = median(p, num("p99_ms"));
    long pOk = sum(p, "ok");
    long pErrors = sum(p, "errors");
    long pSocket = 0;
    for (JsonObject r : p) pSocket += r.getJsonObject("socket_errors", new JsonObject()).getLong("timeout", 0L)
        + r.getJsonObject("socket_errors", new JsonObject()).getLong("read", 0L);
    long committed = pc.getLong("rows_committed", -1L);
    long written = pc.getLong("written", -1L);
    boolean drained = pc.getBoolean("drained", false);
    int pConnections = meta.getInteger("p_connections", 64);
    // wrk stops with up to one request per connection in flight: written to the stream, never counted by wrk.
    boolean allCommitted = drained && committed == written && written >= pOk && written <= pOk + pConnections + pSocket;
    Double pRatio = ratio(pRate, trivialRate);
    boolean pMet = pRatio != null && pRatio >= 0.3 && pP99 != null && pP99 <= 10 && pErrors == 0 && allCommitted;
    out.append("| P. whole platform (conf/platform.json), single packet, wrk -c").append(pConnections).append(", ")
        .append(meta.getValue("p_seconds")).append(" s, everything committed | ").append(count(pRate))
        .append(" req/s accepted; p50 ").append(ms(median(p, num("p50_ms")))).append(", p99 ").append(ms(pP99))
        .append("; ").append(pErrors).append(" errors").append(wrkErrors(p)).append("; rows committed ")
        .append(String.format(Locale.ROOT, "%,d", committed)).append(" = written to the stream ")
        .append(String.format(Locale.ROOT, "%,d", written)).append(committed == written ? "" : " **(differ)**")
        .append(" (wrk counted ").append(String.format(Locale.ROOT, "%,d", pOk)).append(" 200s; up to ")
        .append(pConnections).append(" more were in flight when it stopped); ")
        .append(drained ? "backlog drained in " + fmt1(num(pc, "drain_s")) + " s" : "**backlog did not drain**")
        .append("; backlog during the run ").append(trend(pc.getJsonArray("backlog"), pRate))
        .append(" | ").append(trivialCell).append(" | ").append(fmtRatio(pRatio))
        .append(" | ≥ 0.3, p99 ≤ 10 ms, everything committed: ").append(verdict(pMet)).append(" |\n");

    // A: single packets, closed loop (wrk), platform vs trivial route.
    String aName = "A. single-packet ingest, wrk -c" + meta.getValue("a_connections") + ", " + meta.getValue("a_seconds") + " s";
    rowA(out, aName + ", whole platform (backlog skipped after each run)", lines("a.jsonl"), trivialRate, trivialCell);
    if (meta.getInteger("ingest_only", 0) == 1) {
      rowA(out, "A′. the same, ingest role alone (conf/nodes/ingest.json)", lines("a_solo.jsonl"), trivialRate, trivialCell);
    }

    // B: batches of 1,000 packets (wrk) vs redis-benchmark XADD -c 1 -P 64.
    Double bRef = median(lines("b_ref.jsonl"), num("ops_per_s"));
    String bRefCell = "redis-benchmark -c 1 -P 64 XADD: " + count(bRef) + " XADD/s";
    String bName = "B. batch ingest, " + count(meta.getDouble("b_batch", 1000.0)) + " packets/request, wrk -c"
        + meta.getValue("b_connections");
    rowB(out, bName + ", whole platform", lines("b.jsonl"), bRef, bRefCell);
    if (meta.getInteger("ingest_only", 0) == 1) {
      rowB(out, "B′. the same, ingest role alone", lines("b_solo.jsonl"), bRef, bRefCell);
    }

    // G: the whole platform at overload with 100-packet batches: commits during the load vs the drain after.
    List<JsonObject> g = lines("g.jsonl");
    JsonObject gc = object("g_commit.json");
    Double gIngest = median(g, num("packets_per_s"));
    Double gCommits = num(gc, "commits_per_s");
    // The reference: the pipeline alone draining a backlog written while the consumer was undeployed. The drain
    // right after the load is shown too, but it is often under a second (ingest sheds at SHED_BACKLOG): too short
    // to time.
    JsonObject gRef = object("g_ref.json");
    Double gDrain = num(gRef, "rows_per_s");
    Double gRatio = ratio(gCommits, gDrain);
    boolean gDrained = gc.getBoolean("drained", false) && gRef.getBoolean("drained", false);
    // At overload ingest answers 503 early by design (SHED_BACKLOG): only socket errors count against G.
    boolean gMet = gRatio != null && gRatio >= 0.8 && gDrained && socketErrors(g) == 0;
    long gCommitted = gc.getLong("rows_committed", -1L);
    long gWritten = gc.getLong("written", -1L);
    out.append("| G. whole platform, ").append(meta.getValue("g_batch")).append("-packet batches, wrk -c")
        .append(meta.getValue("g_connections")).append(", ").append(meta.getValue("g_seconds"))
        .append(" s at overload, then the drain | ingest ").append(count(gIngest)).append(" packets/s accepted (p99 ")
        .append(ms(median(g, num("p99_ms")))).append(" per request; ").append(sum(g, "non_2xx"))
        .append(" requests shed with 503, ").append(socketErrors(g)).append(" socket errors")
        .append("); **commits during the load ").append(count(gCommits))
        .append(" rows/s**; backlog ").append(trend(gc.getJsonArray("backlog"), gIngest)).append(", ")
        .append(count(num(gc, "backlog_at_stop"))).append(" at the stop; ")
        .append(gc.getBoolean("drained", false)
            ? "drained in " + fmt1(num(gc, "drain_s")) + " s (" + count(num(gc, "drain_per_s")) + " rows/s)"
            : "**did not drain**")
        .append("; rows committed ").append(String.format(Locale.ROOT, "%,d", gCommitted)).append(" = written ")
        .append(String.format(Locale.ROOT, "%,d", gWritten)).append(gCommitted == gWritten ? "" : " **(differ)**")
        .append(" | the pipeline alone: a backlog of ").append(count(num(gRef, "backlog")))
        .append(" written while the stream consumer was undeployed, drained at ").append(count(gDrain))
        .append(" rows/s").append(gRef.getBoolean("drained", false) ? "" : " (**did not drain**)").append(" | ")
        .append(fmtRatio(gRatio)).append(" | commits under overload ≥ 0.8 × drain: ").append(verdict(gMet)).append(" |\n");

    // C: highest sustained rate with a bounded backlog vs pgbench 64-row inserts.
    JsonObject c = object("c_result.json");
    Double cBest = c.getValue("best") instanceof Number n ? n.doubleValue() : null;
    Double cRef = median(lines("c_ref.jsonl"), num("rows_per_s"));
    Double cRatio = ratio(cBest, cRef);
    int held = c.getInteger("held", 0);
    int tried = c.getInteger("runs", 0);
    boolean cMet = cRatio != null && cRatio >= 0.15 && cBest >= 30_000 && held * 2 > tried;
    out.append("| C. end-to-end sustained (LoadGenerator, open loop), ").append(meta.getValue("sustain_seconds")).append(" s, ")
        .append(meta.getValue("sustain_batch")).append(" packets/request | ")
        .append(cBest == null || cBest == 0 ? "no rate held" : count(cBest) + " packets/s held (backlog bounded in "
            + held + " of " + tried + " runs at that rate)")
        .append(" | pgbench 1 client, 64-row INSERTs: ").append(count(cRef)).append(" rows/s | ")
        .append(fmtRatio(cRatio)).append(" | ≥ 0.15 and ≥ 30,000 packets/s: ").append(verdict(cMet)).append(" |\n");

    // D: the pipeline's own histogram meets the target; the browser's latency (live feed) beside it.
    List<JsonObject> d = lines("d.jsonl");
    Double pipeP50 = median(d, num("pipeline_p50_le_ms"));
    Double pipeP99 = median(d, num("pipeline_p99_le_ms"));
    long dOk = sum(d, "ok");
    boolean dMet = pipeP50 != null && pipeP50 <= 10 && pipeP99 != null && pipeP99 <= 50 && dOk > 0
        && sum(d, "errors") == 0;
    long bridgeErrors = sum(d, "bridge_errors");
    // The generator's own requests, timed from when the schedule meant to send them: if they were late, the
    // platform saw bursts, not the fixed rate, and D measured the generator (seen on 2 cores: seconds late).
    Double genP50 = median(d, num("http_p50_ms"));
    Double genP99 = median(d, num("http_p99_ms"));
    boolean onSchedule = genP99 != null && genP99 <= GENERATOR_ON_SCHEDULE_MS;
    out.append("| D. latency at ").append(count(meta.getDouble("d_rate", 5000.0)))
        .append(" packets/s (LoadGenerator, open loop), single packets | **pipeline, ingest receipt → publish after commit")
        .append(" (platform's netwatch_pipeline_latency, every row): p50 ≤ ").append(ms(pipeP50)).append(", p99 ≤ ")
        .append(ms(pipeP99)).append("** (").append(String.format(Locale.ROOT, "%,d", sum(d, "pipeline_count")))
        .append(" rows); browser, ingest 200 → row in an anomalies.live frame (pacing included): p50 ")
        .append(ms(median(d, num("p50_ms")))).append(", p99 ").append(ms(median(d, num("p99_ms"))))
        .append(" over ").append(String.format(Locale.ROOT, "%,d", sum(d, "matched"))).append(" sampled rows; rows sampled ")
        .append(String.format(Locale.ROOT, "%,d of %,d committed while measuring", sum(d, "rows_sampled"), sum(d, "rows_committed")))
        .append(" (").append(pct(ratio((double) sum(d, "rows_sampled"), (double) sum(d, "rows_committed"))))
        .append("; frames' totals, warm-up rows committed late included), ")
        .append(fmt1(median(d, num("frames_per_s")))).append(" frames/s; ")
        .append(String.format(Locale.ROOT, "%,d of %,d", dOk, sum(d, "sent"))).append(" requests answered 200")
        .append(bridgeErrors > 0 ? "; **bridge errors: " + bridgeErrors + "**" : "")
        .append("; the generator's requests, from their scheduled send time: p50 ").append(ms(genP50)).append(", p99 ")
        .append(ms(genP99)).append(onSchedule ? "" : " (**behind its schedule: the platform got bursts, not this rate**)")
        .append(" | — | — | pipeline p50 ≤ 10 ms, p99 ≤ 50 ms: ")
        .append(onSchedule ? verdict(dMet) : "**not measured** (the load generator fell behind)").append(" |\n");

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

    // F: the live feed's cost: ingest with F_BROWSERS bridge clients on anomalies.live vs with none.
    List<JsonObject> f0 = lines("f0.jsonl");
    List<JsonObject> f100 = lines("f100.jsonl");
    List<JsonObject> fb = lines("f_browsers.jsonl");
    Double f0Rate = median(f0, num("ok_per_s"));
    Double f0P99 = median(f0, num("p99_ms"));
    Double fRate = median(f100, num("ok_per_s"));
    Double fP99 = median(f100, num("p99_ms"));
    Double fRatio = ratio(fRate, f0Rate);
    int browsers = meta.getInteger("f_browsers", 100);
    long minConnected = fb.isEmpty() ? 0 : Long.MAX_VALUE;
    long minReceiving = fb.isEmpty() ? 0 : Long.MAX_VALUE;
    long minFrames = fb.isEmpty() ? 0 : Long.MAX_VALUE;
    long minRows = fb.isEmpty() ? 0 : Long.MAX_VALUE;
    for (JsonObject b : fb) {
      minConnected = Math.min(minConnected, b.getLong("connected", 0L));
      minReceiving = Math.min(minReceiving, b.getLong("receiving", 0L));
      minFrames = Math.min(minFrames, b.getLong("frames_min", 0L));
      minRows = Math.min(minRows, b.getLong("rows_min", 0L));
    }
    boolean everyBrowser = !fb.isEmpty() && minConnected == browsers && minReceiving == browsers && minFrames > 0;
    boolean fMet = fRatio != null && fRatio >= 0.9 && fP99 != null && f0P99 != null && fP99 <= 2 * f0P99
        && everyBrowser && sum(f0, "errors") == 0 && sum(f100, "errors") == 0 && sum(fb, "bridge_errors") == 0;
    out.append("| F. live feed cost: whole platform, single packets, wrk -c").append(pConnections).append(", ")
        .append(meta.getValue("f_seconds")).append(" s, with ").append(browsers)
        .append(" browsers on anomalies.live | ").append(count(fRate)).append(" req/s accepted, p99 ").append(ms(fP99))
        .append(", ").append(sum(f100, "errors")).append(" errors").append(wrkErrors(f100)).append("; browsers: ")
        .append(minConnected).append(" of ").append(browsers).append(" connected, ").append(minReceiving)
        .append(" receiving; frames per browser min ").append(minFrames).append(" / median ")
        .append(count(median(fb, num("frames_median")))).append("; sampled rows per browser min ").append(minRows)
        .append(" / median ").append(count(median(fb, num("rows_median")))).append(" of ")
        .append(count(median(fb, num("rows_committed_by_totals")))).append(" committed (frames' totals)")
        .append(sum(fb, "bridge_errors") > 0 ? "; **bridge errors: " + sum(fb, "bridge_errors") + "**" : "")
        .append(fCpu(lines("f_cpu.jsonl")))
        .append(" | no browser: ").append(count(f0Rate)).append(" req/s, p99 ").append(ms(f0P99)).append(", ")
        .append(sum(f0, "errors")).append(" errors | ").append(fmtRatio(fRatio)).append(" (p99 ")
        .append(fmtRatio(ratio(fP99, f0P99))).append("×) | rate ≥ 0.9×, p99 ≤ 2×, every browser connected and receiving: ")
        .append(verdict(fMet)).append(" |\n");

    // K: end-to-end commits at overload with the detectors on, against off, same run.
    List<JsonObject> kOn = lines("k_on.jsonl");
    List<JsonObject> kOff = lines("k_off.jsonl");
    Double kOnRate = median(kOn, num("acknowledged_per_s"));
    Double kOffRate = median(kOff, num("acknowledged_per_s"));
    Double kRatio = ratio(kOnRate, kOffRate);
    List<JsonObject> kWrk = new ArrayList<>(lines("k_on_wrk.jsonl"));
    kWrk.addAll(lines("k_off_wrk.jsonl"));
    out.append("| K. detection's cost: whole platform, ").append(meta.getValue("k_batch"))
        .append("-packet batches of mixed traffic (50 sources, 20 hosts, 8 ports), wrk -c")
        .append(meta.getValue("k_connections")).append(", ").append(meta.getValue("k_seconds"))
        .append(" s at overload | detectors on: ").append(count(kOnRate))
        .append(" packets/s committed, detected and acknowledged; ").append(sum(kWrk, "non_2xx"))
        .append(" requests shed with 503 (on and off), ").append(socketErrors(kWrk)).append(" socket errors")
        .append(" | detectors off: ").append(count(kOffRate))
        .append(" packets/s committed and acknowledged | ").append(fmtRatio(kRatio)).append(" | ≥ 0.8: ")
        .append(verdict(kRatio != null && kRatio >= 0.8)).append(" |\n");

    // H: a fresh JVM under load from its first second, against the warm rate: the median of every run of the
    // same load (wrk -c64, single packets) on the warm whole platform: P, A and F without browsers.
    List<JsonObject> warmRuns = new ArrayList<>(p);
    warmRuns.addAll(lines("a.jsonl"));
    warmRuns.addAll(f0);
    Double warm = median(warmRuns, num("ok_per_s"));
    List<JsonObject> h = lines("h.jsonl");
    JsonObject hs = object("h_start.json");
    Double listen = num(hs, "listen_s");
    Double first200 = null;
    Double reached = null;
    for (JsonObject w : h) {
      double start = w.getDouble("t_start_s", 0.0);
      double end = start + w.getDouble("seconds", 0.0);
      double rate = w.getDouble("ok_per_s", 0.0);
      if (first200 == null && w.getLong("ok", 0L) > 0) first200 = start;
      if (reached == null && warm != null && rate >= 0.8 * warm) reached = end;
    }
    List<JsonObject> last = h.size() > 5 ? h.subList(h.size() - 5, h.size()) : h;
    out.append("| H. first seconds after start: a fresh platform JVM, wrk -c").append(pConnections)
        .append(" single packets in 1-s runs back to back from the moment its ingest port opens")
        .append(hs.getBoolean("class_data_archive", false)
            ? ", mapping the class-data archive the platform before it wrote at exit (as run.sh does)" : ", no class-data archive")
        .append(" | ingest port open ")
        .append(fmt1(listen)).append(" s after java -jar; first 200s in the run starting at ").append(fmt1(first200))
        .append(" s; **80% of the warm rate reached ")
        .append(reached == null ? "not within the " + h.size() + " runs" : "by " + fmt1(reached) + " s after java -jar")
        .append("** (end of the first 1-s run at ≥ 80%); last 5 runs: median ").append(count(median(last, num("ok_per_s"))))
        .append(" req/s; ").append(sum(h, "errors")).append(" errors").append(wrkErrors(h))
        .append(" | warm rate: ").append(count(warm)).append(" req/s (median of the ").append(warmRuns.size())
        .append(" runs of this load on the warm platform: P, A, F without browsers) | ")
        .append(fmtRatio(ratio(median(last, num("ok_per_s")), warm))).append(" (last 5 s) | 80% within 10 s of java -jar: ")
        .append(verdict(reached != null && reached <= 10.0)).append(" |\n");

    out.append('\n').append(ceilings(trivialRate, aRef, pRate));

    out.append("\nHow to read it: P loads the whole platform (conf/platform.json, one JVM) with single packets and then")
        .append(" lets the backlog drain: every packet answered 200 must be a row (rows counted in the throwaway")
        .append(" database before and after, against the XADDs the stream took), and the backlog sampled each second")
        .append(" says whether the pipeline kept up (flat) or fell behind (growing) meanwhile. A and B load the whole")
        .append(" platform too but skip the packets the pipeline has not read after each run, so they measure ingest")
        .append(" while the pipeline competes for the cores; A′ and B′ load the ingest role alone (conf/nodes/ingest.json).")
        .append(" G overloads the whole platform with batches: the commit rate while ingest takes the cores, against the")
        .append(" rate at which the same pipeline drains, alone, a backlog written while its stream consumer was")
        .append(" undeployed (the backlog left when the load stops is often drained in under a second, too short to")
        .append(" time). C is the highest offered rate")
        .append(" at which the backlog stayed bounded. D's figure is the platform's own netwatch_pipeline_latency")
        .append(" histogram (ingest receipt to publish after commit, every row; bucket upper bounds), read from /metrics")
        .append(" after the warm-up and after the runs; beside it, what a browser sees: browsers get a few frames a")
        .append(" second on anomalies.live, each with a sample of at most 25 of the rows committed since the last frame")
        .append(" (the newest, most severe first) plus exact counts, so the latency is measured on the rows that are")
        .append(" sampled, from the ingest 200 to the frame's arrival, pacing included; sampled rows are the newest of")
        .append(" their frame, so their wait for the tick is shorter than the average row's. F is the ingest rate")
        .append(" and p99 with ").append(browsers).append(" bridge clients registered on anomalies.live against the same")
        .append(" load with none (the clients run on the same cores, their own cost included). H starts a second,")
        .append(" fresh JVM after the others stopped and loads it from the second its ingest port opens.\n");
    out.append('\n').append(detail(pc, gc, h)).append(cSteps());
    return out.toString();
  }

  /** The platform's CPU per request with and without browsers, and the browsers' own process's CPU. */
  static String fCpu(List<JsonObject> cpu) {
    if (cpu.isEmpty()) return "";
    return "; platform CPU per 1,000 requests " + fmt1(median(cpu, num("platform_cpu_ms_per_1000_browsers")))
        + " ms (" + fmt1(median(cpu, num("platform_cpu_ms_per_1000_none"))) + " ms without browsers); the browsers'"
        + " client process used " + String.format(Locale.ROOT, "%.2f", median(cpu, num("browsers_cores")))
        + " of the 2 cores";
  }

  static String fmt1(Double v) {
    return v == null ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
  }

  /** Each load generator's own ceiling on the trivial route, beside the most it is asked for in this run. */
  private String ceilings(Double trivialRate, List<JsonObject> aRef, Double pRate) throws IOException {
    StringBuilder out = new StringBuilder("Load generators' own ceilings on the trivial route (same run, same machine;"
        + " the route answers as cheaply as Vert.x can, so what a generator reaches there bounds what it can measure):\n\n"
        + "| generator | drives | its ceiling on the trivial route | most asked of it in this run |\n|---|---|---|---|\n");
    List<JsonObject> wrkBatch = lines("ceil_wrk_batch.jsonl");
    JsonObject r = object("ceil_result.json");
    double highestWrkSingle = 0;
    for (String f : List.of("p.jsonl", "a.jsonl", "a_solo.jsonl", "f0.jsonl", "f100.jsonl")) {
      for (JsonObject run : lines(f)) highestWrkSingle = Math.max(highestWrkSingle, run.getDouble("ok_per_s", 0.0));
    }
    out.append("| wrk -t1 -c").append(meta.getValue("a_connections")).append(", closed loop, single packets | P, A, A′, F, H | ")
        .append(count(trivialRate)).append(" req/s (A's reference, median of ").append(aRef.size()).append("), p99 ")
        .append(ms(median(aRef, num("p99_ms")))).append(" | ").append(count(highestWrkSingle)).append(" req/s (")
        .append(pct(ratio(highestWrkSingle, trivialRate))).append(" of its ceiling) |\n");
    String[][] batchFigures = {{"b_batch", "b_connections", "B, B′", "b.jsonl", "b_solo.jsonl"},
        {"g_batch", "g_connections", "G", "g.jsonl", null}};
    for (String[] bf : batchFigures) {
      int batch = meta.getInteger(bf[0], 0);
      JsonObject ceiling = null;
      for (JsonObject w : wrkBatch) if (w.getInteger("batch", 0) == batch) ceiling = w;
      double asked = 0;
      for (JsonObject run : lines(bf[3])) asked = Math.max(asked, run.getDouble("packets_per_s", 0.0));
      if (bf[4] != null) for (JsonObject run : lines(bf[4])) asked = Math.max(asked, run.getDouble("packets_per_s", 0.0));
      Double ceil = num(ceiling, "packets_per_s");
      out.append("| wrk -t1 -c").append(meta.getValue(bf[1])).append(", closed loop, ").append(batch)
          .append("-packet bodies | ").append(bf[2]).append(" | ").append(count(ceil)).append(" packets/s | ")
          .append(count(asked)).append(" packets/s (").append(pct(ratio(asked, ceil))).append(") |\n");
    }
    List<JsonObject> open = lines("ceil_own_open.jsonl");
    StringBuilder tried = new StringBuilder();
    for (JsonObject o : open) {
      if (!"single".equals(o.getString("phase"))) continue;
      tried.append(tried.length() > 0 ? "; " : "").append(count(o.getDouble("rate"))).append(": ")
          .append(pct(o.getDouble("shortfall"))).append(" short, p99 ").append(ms(o.getDouble("p99_ms")));
    }
    long best = r.getLong("own_open_best", 0L);
    long failed = r.getLong("own_open_failed", 0L);
    String criterion = " with ≤ 1% shortfall and p99 ≤ " + ms(num(r, "p99_max_ms"));
    out.append("| LoadGenerator, open loop, single packets, 64 connections | D | ")
        .append(best > 0 ? "delivers " + count((double) best) + " packets/s" + (failed > 0 ? ", not " + count((double) failed) : "")
            + criterion : "**no rate tried held**" + criterion)
        .append(" (by rate: ").append(tried).append(") | ").append(count(meta.getDouble("d_rate", 0.0)))
        .append(" packets/s (").append(best > 0 ? pct(meta.getDouble("d_rate", 0.0) / best) + " of the highest held"
            : "**no rate held, down to " + count((double) failed) + "**").append(") |\n");
    JsonObject batchRun = null;
    for (JsonObject o : open) if ("batch".equals(o.getString("phase"))) batchRun = o;
    double cMax = 0;
    for (JsonObject s : lines("c_steps.jsonl")) cMax = Math.max(cMax, s.getDouble("rate", 0.0));
    out.append("| LoadGenerator, open loop, ").append(meta.getValue("sustain_batch")).append("-packet requests | C | at ")
        .append(count(r.getDouble("batch_rate", 0.0))).append(" packets/s: shortfall ")
        .append(pct(num(batchRun, "shortfall"))).append(", p99 ").append(ms(num(batchRun, "p99_ms")))
        .append(r.getBoolean("batch_held", false) ? " (delivered)" : " **(not delivered)**")
        .append(" | ").append(count(cMax)).append(" packets/s offered at most |\n");
    JsonObject closed = object("ceil_own_closed.jsonl");
    out.append("| LoadGenerator, closed loop, ").append(count(num(closed, "connections"))).append(" connections, single packets")
        .append(" | none any more (wrk does) | ").append(count(num(closed, "requests_per_s"))).append(" req/s, p99 ")
        .append(ms(num(closed, "p99_ms"))).append(" (")
        .append(pct(ratio(num(closed, "requests_per_s"), trivialRate))).append(" of wrk's) | — |\n");
    return out.toString();
  }

  /** P's and G's backlog samples and H's runs, second by second. */
  private static String detail(JsonObject pc, JsonObject gc, List<JsonObject> h) {
    StringBuilder out = new StringBuilder("Backlog (entries not acknowledged yet, GET /ready) once a second during P and G:\n\n```\n");
    out.append("P: ").append(pc.getJsonArray("backlog", new JsonArray()).encode()).append('\n');
    out.append("G: ").append(gc.getJsonArray("backlog", new JsonArray()).encode()).append("\n```\n\n");
    out.append("H, a fresh JVM, 1-second wrk runs (time from java -jar):\n\n| run starts at | req/s accepted | p99 | errors |\n|---|---|---|---|\n");
    for (JsonObject w : h) {
      out.append("| ").append(fmt1(w.getDouble("t_start_s"))).append(" s | ").append(count(w.getDouble("ok_per_s")))
          .append(" | ").append(ms(w.getDouble("p99_ms"))).append(" | ").append(w.getLong("errors", 0L))
          .append(wrkErrors(List.of(w))).append(" |\n");
    }
    return out.append('\n').toString();
  }

  private static void rowA(StringBuilder out, String name, List<JsonObject> a, Double refRate, String refCell) {
    Double rate = median(a, num("ok_per_s"));
    Double p99 = median(a, num("p99_ms"));
    Double r = ratio(rate, refRate);
    out.append("| ").append(name).append(" | ").append(count(rate)).append(" req/s accepted; p50 ")
        .append(ms(median(a, num("p50_ms")))).append(", p90 ").append(ms(median(a, num("p90_ms")))).append(", p99 ")
        .append(ms(p99)).append(", max ").append(ms(median(a, num("max_ms")))).append("; ").append(sum(a, "errors"))
        .append(" errors").append(wrkErrors(a)).append(" | ").append(refCell).append(" | ").append(fmtRatio(r))
        .append(" | ≥ 0.55 and p99 ≤ 5 ms: ")
        .append(verdict(r != null && r >= 0.55 && p99 != null && p99 <= 5 && sum(a, "errors") == 0)).append(" |\n");
  }

  private static void rowB(StringBuilder out, String name, List<JsonObject> b, Double ref, String refCell) {
    Double rate = median(b, num("packets_per_s"));
    Double r = ratio(rate, ref);
    out.append("| ").append(name).append(" | ").append(count(rate)).append(" packets/s; p99 ")
        .append(ms(median(b, num("p99_ms")))).append(" per request; ").append(sum(b, "errors")).append(" errors")
        .append(wrkErrors(b)).append(" | ").append(refCell).append(" | ").append(fmtRatio(r)).append(" | ≥ 0.3: ")
        .append(verdict(r != null && r >= 0.3 && sum(b, "errors") == 0)).append(" |\n");
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
