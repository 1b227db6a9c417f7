package io.netwatch.bench;

import static io.netwatch.bench.ReportFormat.*;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the Markdown table from the files bench/run.sh leaves in its work directory: medians over the
 * runs, each figure as a ratio to its reference, and the target it is held to; then the load generators'
 * own ceilings on the trivial route, and the per-second detail of P, G, H and C. Usage: Report DIR
 * The rows are IngestFigures' (P, A, B, G) and PipelineFigures' (C, D, E, F, K, H).
 */
public final class Report {
  private final RunFiles run;

  private Report(Path dir) throws IOException {
    this.run = new RunFiles(dir);
  }

  public static void main(String[] args) throws IOException {
    System.out.print(new Report(Path.of(args[0])).render());
  }

  private String render() throws IOException {
    StringBuilder out = new StringBuilder();
    int runs = run.meta.getInteger("runs", 3);
    out.append("Benchmark of ").append(run.meta.getString("date", "?")).append(" (platform ")
        .append(run.meta.getString("git", "?")).append(") on ").append(run.meta.getValue("cores")).append(" cores, ")
        .append(run.meta.getValue("mem_gib")).append(" GiB; ").append(run.meta.getString("java", "java ?"))
        .append("; ").append(run.meta.getString("wrk", "wrk"))
        .append("; load average before the run ").append(run.meta.getString("load_before", "?"))
        .append(run.meta.getInteger("quick", 0) == 1 ? "; QUICK=1 (short runs, preliminary)" : "")
        .append(".\nLoad generators, references, Redis and PostgreSQL on the same machine. Closed loops: wrk; open loops")
        .append(" at fixed rates: bench's LoadGenerator; their own ceilings are below the table. Figures with several")
        .append(" runs are medians of ").append(runs).append(" runs; each reference is measured in the same run.\n\n");
    out.append("| figure | measured | reference | ratio | target |\n|---|---|---|---|---|\n");

    IngestFigures ingest = new IngestFigures(run);
    ingest.rows(out);
    PipelineFigures pipeline = new PipelineFigures(run, ingest);
    pipeline.rows(out);

    out.append('\n').append(ceilings(ingest.trivialRate, ingest.aRef, ingest.pRate));

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
        .append(" and p99 with ").append(pipeline.browsers).append(" bridge clients registered on anomalies.live against the same")
        .append(" load with none (the clients run on the same cores, their own cost included). H starts a second,")
        .append(" fresh JVM after the others stopped and loads it from the second its ingest port opens.\n");
    out.append('\n').append(detail(ingest.pc, ingest.gc, pipeline.h)).append(cSteps());
    return out.toString();
  }

  /** Each load generator's own ceiling on the trivial route, beside the most it is asked for in this run. */
  private String ceilings(Double trivialRate, List<JsonObject> aRef, Double pRate) throws IOException {
    StringBuilder out = new StringBuilder("Load generators' own ceilings on the trivial route (same run, same machine;"
        + " the route answers as cheaply as Vert.x can, so what a generator reaches there bounds what it can measure):\n\n"
        + "| generator | drives | its ceiling on the trivial route | most asked of it in this run |\n|---|---|---|---|\n");
    List<JsonObject> wrkBatch = run.lines("ceil_wrk_batch.jsonl");
    JsonObject r = run.object("ceil_result.json");
    double highestWrkSingle = 0;
    for (String f : List.of("p.jsonl", "a.jsonl", "a_solo.jsonl", "f0.jsonl", "f100.jsonl")) {
      for (JsonObject run : run.lines(f)) highestWrkSingle = Math.max(highestWrkSingle, run.getDouble("ok_per_s", 0.0));
    }
    out.append("| wrk -t1 -c").append(run.meta.getValue("a_connections")).append(", closed loop, single packets | P, A, A′, F, H | ")
        .append(count(trivialRate)).append(" req/s (A's reference, median of ").append(aRef.size()).append("), p99 ")
        .append(ms(median(aRef, num("p99_ms")))).append(" | ").append(count(highestWrkSingle)).append(" req/s (")
        .append(pct(ratio(highestWrkSingle, trivialRate))).append(" of its ceiling) |\n");
    String[][] batchFigures = {{"b_batch", "b_connections", "B, B′", "b.jsonl", "b_solo.jsonl"},
        {"g_batch", "g_connections", "G", "g.jsonl", null}};
    for (String[] bf : batchFigures) {
      int batch = run.meta.getInteger(bf[0], 0);
      JsonObject ceiling = null;
      for (JsonObject w : wrkBatch) if (w.getInteger("batch", 0) == batch) ceiling = w;
      double asked = 0;
      for (JsonObject run : run.lines(bf[3])) asked = Math.max(asked, run.getDouble("packets_per_s", 0.0));
      if (bf[4] != null) for (JsonObject run : run.lines(bf[4])) asked = Math.max(asked, run.getDouble("packets_per_s", 0.0));
      Double ceil = num(ceiling, "packets_per_s");
      out.append("| wrk -t1 -c").append(run.meta.getValue(bf[1])).append(", closed loop, ").append(batch)
          .append("-packet bodies | ").append(bf[2]).append(" | ").append(count(ceil)).append(" packets/s | ")
          .append(count(asked)).append(" packets/s (").append(pct(ratio(asked, ceil))).append(") |\n");
    }
    List<JsonObject> open = run.lines("ceil_own_open.jsonl");
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
        .append(" (by rate: ").append(tried).append(") | ").append(count(run.meta.getDouble("d_rate", 0.0)))
        .append(" packets/s (").append(best > 0 ? pct(run.meta.getDouble("d_rate", 0.0) / best) + " of the highest held"
            : "**no rate held, down to " + count((double) failed) + "**").append(") |\n");
    JsonObject batchRun = null;
    for (JsonObject o : open) if ("batch".equals(o.getString("phase"))) batchRun = o;
    double cMax = 0;
    for (JsonObject s : run.lines("c_steps.jsonl")) cMax = Math.max(cMax, s.getDouble("rate", 0.0));
    out.append("| LoadGenerator, open loop, ").append(run.meta.getValue("sustain_batch")).append("-packet requests | C | at ")
        .append(count(r.getDouble("batch_rate", 0.0))).append(" packets/s: shortfall ")
        .append(pct(num(batchRun, "shortfall"))).append(", p99 ").append(ms(num(batchRun, "p99_ms")))
        .append(r.getBoolean("batch_held", false) ? " (delivered)" : " **(not delivered)**")
        .append(" | ").append(count(cMax)).append(" packets/s offered at most |\n");
    JsonObject closed = run.object("ceil_own_closed.jsonl");
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

  private String cSteps() throws IOException {
    List<JsonObject> steps = run.lines("c_steps.jsonl");
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
