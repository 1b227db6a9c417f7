package io.netwatch.dashboard;

import io.micrometer.core.instrument.Counter;
import io.netwatch.alerts.AlertRows;
import io.netwatch.model.InvalidPacketException;
import io.netwatch.ops.Metrics;
import io.netwatch.persistence.ExportPages;
import io.netwatch.web.JsonResponses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * {@code GET /api/v1/anomalies/export} and {@code GET /api/v1/alerts/export}
 * ({@code ?format=csv|ndjson&since=&until=&min_severity=&src_ip=}, see {@link ExportRequest}): the rows as a
 * download, streamed in constant memory whatever their number. Keyset pages of {@link #PAGE_ROWS} rows are
 * written as they come; the next page is read only once the response's write queue has room again, so a slow
 * client slows the export instead of filling the heap. A failure before the first byte answers 503; after it,
 * the connection is reset, so that a client never mistakes a cut export for a complete file.
 */
final class ExportRoutes {
  private static final Logger log = LoggerFactory.getLogger(ExportRoutes.class);
  static final int PAGE_ROWS = 1_000;
  /** The columns of an exported anomaly: the API's row. */
  static final List<String> ANOMALY_COLUMNS = List.of("id", "stream_id", "src_ip", "dst_ip", "protocol", "src_port",
      "dst_port", "payload_len", "ttl", "tcp_flags", "pkt_rate", "entropy", "score", "severity", "reasons",
      "received_at", "created_at", "captured_at", "sensor");
  /** The columns of an exported alert: {@link AlertRows}'s shape. */
  static final List<String> ALERT_COLUMNS = List.of("id", "detector", "reasons", "key", "src_ip", "dst_ip", "dst_port",
      "first_seen", "last_seen", "packet_count", "max_score", "severity", "state", "released_at", "acknowledged_at",
      "acknowledged_by", "note");
  /** Alerts whose episode overlaps [since, until). */
  static final ExportPages.Source ALERTS = new ExportPages.Source("alerts", AlertRows.COLUMNS,
      "last_seen >= $2 AND first_seen < $3", AlertRows::toJson);
  /** Rows read from the database by exports of this JVM (tests read how far an export ran ahead of its client). */
  static final AtomicLong ROWS_READ = new AtomicLong();

  private final ExportPages pages;
  private final Counter anomalyRows = Metrics.counter("netwatch.export.rows", "table", "anomalies");
  private final Counter alertRows = Metrics.counter("netwatch.export.rows", "table", "alerts");

  private ExportRoutes(SqlClient client) {
    pages = new ExportPages(client);
  }

  /** Mounts both routes; they must come before any {@code /api/v1/alerts/:id} route. */
  static void mount(Router router, SqlClient client) {
    ExportRoutes routes = new ExportRoutes(client);
    router.get("/api/v1/anomalies/export").handler(ctx -> routes.export(ctx, "anomalies", ExportPages.ANOMALIES,
        ANOMALY_COLUMNS, routes.anomalyRows));
    router.get("/api/v1/alerts/export").handler(ctx -> routes.export(ctx, "alerts", ALERTS, ALERT_COLUMNS,
        routes.alertRows));
  }

  private void export(RoutingContext ctx, String table, ExportPages.Source source, List<String> columns,
                      Counter exported) {
    ExportRequest request;
    try {
      request = ExportRequest.parse(name -> ctx.queryParams().get(name), Instant.now());
    } catch (InvalidPacketException e) {
      JsonResponses.send(ctx, 400, e.getMessage(), e.field());
      return;
    }
    Function<List<JsonObject>, Buffer> encoder;
    Buffer preamble;
    if (request.format() == ExportRequest.Format.CSV) {
      CsvRows csv = new CsvRows(columns);
      encoder = csv::encode;
      preamble = csv.header();
    } else {
      encoder = ExportRoutes::ndjson;
      preamble = Buffer.buffer();
    }
    ctx.response()
        .setChunked(true)
        .putHeader("Content-Type", request.format().contentType)
        .putHeader("Content-Disposition", "attachment; filename=\"" + request.filename(table) + "\"")
        .putHeader("Cache-Control", "no-store");
    new Transfer(ctx.response(), source, request.filter(), encoder, exported).next(0, preamble);
  }

  private static Buffer ndjson(List<JsonObject> rows) {
    Buffer buffer = Buffer.buffer(rows.size() * 400);
    for (JsonObject row : rows) buffer.appendBuffer(row.toBuffer()).appendByte((byte) '\n');
    return buffer;
  }

  /** One export under way: read a page, write it, wait for room, read the next. */
  private final class Transfer {
    private final HttpServerResponse response;
    private final ExportPages.Source source;
    private final ExportPages.Filter filter;
    private final Function<List<JsonObject>, Buffer> encoder;
    private final Counter exported;
    private boolean closed;
    private long rows;

    Transfer(HttpServerResponse response, ExportPages.Source source, ExportPages.Filter filter,
             Function<List<JsonObject>, Buffer> encoder, Counter exported) {
      this.response = response;
      this.source = source;
      this.filter = filter;
      this.encoder = encoder;
      this.exported = exported;
      response.closeHandler(v -> closed = true);
    }

    /** Reads the page after {@code afterId}, writes it behind {@code pending} (the header before the first page). */
    void next(long afterId, Buffer pending) {
      if (closed) return;
      pages.page(source, filter, afterId, PAGE_ROWS).onComplete(ar -> {
        if (closed) return;
        if (ar.failed()) {
          fail(ar.cause());
          return;
        }
        List<JsonObject> page = ar.result();
        ROWS_READ.addAndGet(page.size());
        rows += page.size();
        exported.increment(page.size());
        Buffer chunk = pending.length() == 0 ? encoder.apply(page) : pending.appendBuffer(encoder.apply(page));
        if (page.size() < PAGE_ROWS) {
          response.end(chunk);
          return;
        }
        long last = page.get(page.size() - 1).getLong("id");
        response.write(chunk);
        // Same event loop as the write: the queue cannot drain between this check and the handler's setting.
        if (response.writeQueueFull()) {
          response.drainHandler(v -> next(last, Buffer.buffer()));
        } else {
          next(last, Buffer.buffer());
        }
      });
    }

    private void fail(Throwable err) {
      log.warn("export of {} stopped after {} rows: {}", source.table(), rows, err.getMessage());
      if (!response.headWritten()) {
        response.setChunked(false).headers().remove("Content-Disposition");
        response.putHeader("Retry-After", "1").setStatusCode(503).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("error", "the database is unavailable; retry later").toBuffer());
      } else {
        response.reset();
      }
    }
  }
}
