package io.netwatch.bench;

import static io.netwatch.bench.ReportFormat.*;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's rows of the figures that load the whole pipeline or watch it: C, D, E, F, K and H.
 * F's browser count and H's runs are kept for the sections after the table.
 */
final class PipelineFigures {
  /** D counts only if the generator's requests were answered within this of their scheduled send time (p99). */
  static final double GENERATOR_ON_SCHEDULE_MS = 100;

  private final RunFiles run;
  private final IngestFigures ingest;
  int browsers;
  List<JsonObject> h;

  PipelineFigures(RunFiles run, IngestFigures ingest) {
    this.run = run;
    this.ingest = ingest;
  }

  void rows(StringBuilder out) throws IOException {
    // C: highest sustained rate with a bounded backlog vs pgbench 64-row inserts.
    JsonObject c = run.object("c_result.json");
    Double cBest = c.getValue("best") instanceof Number n ? n.doubleValue() : null;
    Double cRef = median(run.lines("c_ref.jsonl"), num("rows_per_s"));
    Double cRatio = ratio(cBest, cRef);
    int held = c.getInteger("held", 0);
    int tried = c.getInteger("runs", 0);
    boolean cMet = cRatio != null && cRatio >= 0.15 && cBest >= 30_000 && held * 2 > tried;
    out.append("| C. end-to-end sustained (LoadGenerator, open loop), ").append(run.meta.getValue("sustain_seconds")).append(" s, ")
        .append(run.meta.getValue("sustain_batch")).append(" packets/request | ")
        .append(cBest == null || cBest == 0 ? "no rate held" : count(cBest) + " packets/s held (backlog bounded in "
            + held + " of " + tried + " runs at that rate)")
        .append(" | pgbench 1 client, 64-row INSERTs: ").append(count(cRef)).append(" rows/s | ")
        .append(fmtRatio(cRatio)).append(" | ≥ 0.15 and ≥ 30,000 packets/s: ").append(verdict(cMet)).append(" |\n");

    // D: the pipeline's own histogram meets the target; the browser's latency (live feed) beside it.
    List<JsonObject> d = run.lines("d.jsonl");
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
    out.append("| D. latency at ").append(count(run.meta.getDouble("d_rate", 5000.0)))
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
    JsonObject e = run.object("e.json");
    double rssMib = e.getLong("peak_rss_kb", 0L) / 1024.0;
    double heapMib = e.getLong("peak_heap_kb", 0L) / 1024.0;
    long oom = e.getLong("oom", 0L);
    boolean alive = e.getBoolean("alive", false);
    boolean eMet = alive && oom == 0 && rssMib > 0 && rssMib <= 1024 && heapMib <= 512;
    out.append("| E. platform memory during C, -Xmx").append(run.meta.getString("xmx", "512m")).append(" | peak RSS ")
        .append(count(rssMib)).append(" MiB (VmHWM), peak heap used ").append(count(heapMib))
        .append(" MiB of ").append(count(e.getLong("heap_committed_max_kb", 0L) / 1024.0)).append(" MiB committed; ")
        .append(e.getLong("young_gcs", 0L)).append(" young / ").append(e.getLong("full_gcs", 0L))
        .append(" full GCs; OutOfMemoryError: ").append(oom).append(alive ? "" : "; the platform died")
        .append(" | — | — | heap within -Xmx512m, no OOM, RSS ≤ 1 GiB: ").append(verdict(eMet)).append(" |\n");

    // F: the live feed's cost: ingest with F_BROWSERS bridge clients on anomalies.live vs with none.
    List<JsonObject> f0 = run.lines("f0.jsonl");
    List<JsonObject> f100 = run.lines("f100.jsonl");
    List<JsonObject> fb = run.lines("f_browsers.jsonl");
    Double f0Rate = median(f0, num("ok_per_s"));
    Double f0P99 = median(f0, num("p99_ms"));
    Double fRate = median(f100, num("ok_per_s"));
    Double fP99 = median(f100, num("p99_ms"));
    Double fRatio = ratio(fRate, f0Rate);
    browsers = run.meta.getInteger("f_browsers", 100);
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
    out.append("| F. live feed cost: whole platform, single packets, wrk -c").append(ingest.pConnections).append(", ")
        .append(run.meta.getValue("f_seconds")).append(" s, with ").append(browsers)
        .append(" browsers on anomalies.live | ").append(count(fRate)).append(" req/s accepted, p99 ").append(ms(fP99))
        .append(", ").append(sum(f100, "errors")).append(" errors").append(wrkErrors(f100)).append("; browsers: ")
        .append(minConnected).append(" of ").append(browsers).append(" connected, ").append(minReceiving)
        .append(" receiving; frames per browser min ").append(minFrames).append(" / median ")
        .append(count(median(fb, num("frames_median")))).append("; sampled rows per browser min ").append(minRows)
        .append(" / median ").append(count(median(fb, num("rows_median")))).append(" of ")
        .append(count(median(fb, num("rows_committed_by_totals")))).append(" committed (frames' totals)")
        .append(sum(fb, "bridge_errors") > 0 ? "; **bridge errors: " + sum(fb, "bridge_errors") + "**" : "")
        .append(fCpu(run.lines("f_cpu.jsonl")))
        .append(" | no browser: ").append(count(f0Rate)).append(" req/s, p99 ").append(ms(f0P99)).append(", ")
        .append(sum(f0, "errors")).append(" errors | ").append(fmtRatio(fRatio)).append(" (p99 ")
        .append(fmtRatio(ratio(fP99, f0P99))).append("×) | rate ≥ 0.9×, p99 ≤ 2×, every browser connected and receiving: ")
        .append(verdict(fMet)).append(" |\n");

    // K: end-to-end commits at overload with the detectors on, against off, same run.
    List<JsonObject> kOn = run.lines("k_on.jsonl");
    List<JsonObject> kOff = run.lines("k_off.jsonl");
    Double kOnRate = median(kOn, num("acknowledged_per_s"));
    Double kOffRate = median(kOff, num("acknowledged_per_s"));
    Double kRatio = ratio(kOnRate, kOffRate);
    List<JsonObject> kWrk = new ArrayList<>(run.lines("k_on_wrk.jsonl"));
    kWrk.addAll(run.lines("k_off_wrk.jsonl"));
    out.append("| K. detection's cost: whole platform, ").append(run.meta.getValue("k_batch"))
        .append("-packet batches of mixed traffic (50 sources, 20 hosts, 8 ports), wrk -c")
        .append(run.meta.getValue("k_connections")).append(", ").append(run.meta.getValue("k_seconds"))
        .append(" s at overload | detectors on: ").append(count(kOnRate))
        .append(" packets/s committed, detected and acknowledged; ").append(sum(kWrk, "non_2xx"))
        .append(" requests shed with 503 (on and off), ").append(socketErrors(kWrk)).append(" socket errors")
        .append(" | detectors off: ").append(count(kOffRate))
        .append(" packets/s committed and acknowledged | ").append(fmtRatio(kRatio)).append(" | ≥ 0.8: ")
        .append(verdict(kRatio != null && kRatio >= 0.8)).append(" |\n");

    // H: a fresh JVM under load from its first second, against the warm rate: the median of every run of the
    // same load (wrk -c64, single packets) on the warm whole platform: P, A and F without browsers.
    List<JsonObject> warmRuns = new ArrayList<>(ingest.p);
    warmRuns.addAll(run.lines("a.jsonl"));
    warmRuns.addAll(f0);
    Double warm = median(warmRuns, num("ok_per_s"));
    h = run.lines("h.jsonl");
    JsonObject hs = run.object("h_start.json");
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
    out.append("| H. first seconds after start: a fresh platform JVM, wrk -c").append(ingest.pConnections)
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
  }

  /** The platform's CPU per request with and without browsers, and the browsers' own process's CPU. */
  static String fCpu(List<JsonObject> cpu) {
    if (cpu.isEmpty()) return "";
    return "; platform CPU per 1,000 requests " + fmt1(median(cpu, num("platform_cpu_ms_per_1000_browsers")))
        + " ms (" + fmt1(median(cpu, num("platform_cpu_ms_per_1000_none"))) + " ms without browsers); the browsers'"
        + " client process used " + String.format(Locale.ROOT, "%.2f", median(cpu, num("browsers_cores")))
        + " of the 2 cores";
  }
}
