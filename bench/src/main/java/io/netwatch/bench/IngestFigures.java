package io.netwatch.bench;

import static io.netwatch.bench.ReportFormat.*;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The report's rows of the figures that load ingest with closed loops (wrk): P, A (and A′), B (and B′) and G.
 * What later rows and sections need of them (the trivial route, P's runs and samples) is kept in fields.
 */
final class IngestFigures {
  private final RunFiles run;
  List<JsonObject> aRef;
  Double trivialRate;
  String trivialCell;
  List<JsonObject> p;
  JsonObject pc;
  Double pRate;
  int pConnections;
  JsonObject gc;

  IngestFigures(RunFiles run) {
    this.run = run;
  }

  void rows(StringBuilder out) throws IOException {
    aRef = run.lines("a_ref.jsonl");
    trivialRate = median(aRef, num("ok_per_s"));
    trivialCell = "trivial Vert.x route, wrk: " + count(trivialRate) + " req/s, p99 " + ms(median(aRef, num("p99_ms")));

    // P: the whole platform, single packets, wrk, everything committed.
    p = run.lines("p.jsonl");
    pc = run.object("p_commit.json");
    pRate = median(p, num("ok_per_s"));
    Double pP99 = median(p, num("p99_ms"));
    long pOk = sum(p, "ok");
    long pErrors = sum(p, "errors");
    long pSocket = 0;
    for (JsonObject r : p) pSocket += r.getJsonObject("socket_errors", new JsonObject()).getLong("timeout", 0L)
        + r.getJsonObject("socket_errors", new JsonObject()).getLong("read", 0L);
    long committed = pc.getLong("rows_committed", -1L);
    long written = pc.getLong("written", -1L);
    boolean drained = pc.getBoolean("drained", false);
    pConnections = run.meta.getInteger("p_connections", 64);
    // wrk stops with up to one request per connection in flight: written to the stream, never counted by wrk.
    boolean allCommitted = drained && committed == written && written >= pOk && written <= pOk + pConnections + pSocket;
    Double pRatio = ratio(pRate, trivialRate);
    boolean pMet = pRatio != null && pRatio >= 0.3 && pP99 != null && pP99 <= 10 && pErrors == 0 && allCommitted;
    out.append("| P. whole platform (conf/platform.json), single packet, wrk -c").append(pConnections).append(", ")
        .append(run.meta.getValue("p_seconds")).append(" s, everything committed | ").append(count(pRate))
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
    String aName = "A. single-packet ingest, wrk -c" + run.meta.getValue("a_connections") + ", " + run.meta.getValue("a_seconds") + " s";
    rowA(out, aName + ", whole platform (backlog skipped after each run)", run.lines("a.jsonl"), trivialRate, trivialCell);
    if (run.meta.getInteger("ingest_only", 0) == 1) {
      rowA(out, "A′. the same, ingest role alone (conf/nodes/ingest.json)", run.lines("a_solo.jsonl"), trivialRate, trivialCell);
    }

    // B: batches of 1,000 packets (wrk) vs redis-benchmark XADD -c 1 -P 64.
    Double bRef = median(run.lines("b_ref.jsonl"), num("ops_per_s"));
    String bRefCell = "redis-benchmark -c 1 -P 64 XADD: " + count(bRef) + " XADD/s";
    String bName = "B. batch ingest, " + count(run.meta.getDouble("b_batch", 1000.0)) + " packets/request, wrk -c"
        + run.meta.getValue("b_connections");
    rowB(out, bName + ", whole platform", run.lines("b.jsonl"), bRef, bRefCell);
    if (run.meta.getInteger("ingest_only", 0) == 1) {
      rowB(out, "B′. the same, ingest role alone", run.lines("b_solo.jsonl"), bRef, bRefCell);
    }

    // G: the whole platform at overload with 100-packet batches: commits during the load vs the drain after.
    List<JsonObject> g = run.lines("g.jsonl");
    gc = run.object("g_commit.json");
    Double gIngest = median(g, num("packets_per_s"));
    Double gCommits = num(gc, "commits_per_s");
    // The reference: the pipeline alone draining a backlog written while the consumer was undeployed. The drain
    // right after the load is shown too, but it is often under a second (ingest sheds at SHED_BACKLOG): too short
    // to time.
    JsonObject gRef = run.object("g_ref.json");
    Double gDrain = num(gRef, "rows_per_s");
    Double gRatio = ratio(gCommits, gDrain);
    boolean gDrained = gc.getBoolean("drained", false) && gRef.getBoolean("drained", false);
    // At overload ingest answers 503 early by design (SHED_BACKLOG): only socket errors count against G.
    boolean gMet = gRatio != null && gRatio >= 0.8 && gDrained && socketErrors(g) == 0;
    long gCommitted = gc.getLong("rows_committed", -1L);
    long gWritten = gc.getLong("written", -1L);
    out.append("| G. whole platform, ").append(run.meta.getValue("g_batch")).append("-packet batches, wrk -c")
        .append(run.meta.getValue("g_connections")).append(", ").append(run.meta.getValue("g_seconds"))
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
}
