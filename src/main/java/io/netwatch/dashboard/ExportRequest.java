package io.netwatch.dashboard;

import io.netwatch.model.InvalidPacketException;
import io.netwatch.persistence.ExportPages;
import io.netwatch.web.QueryParams;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The query string of an export ({@code ?format=csv|ndjson&since=&until=&min_severity=&src_ip=}): a bounded time
 * range (until defaults to the request's time, so an export under load ends; since to the oldest row), the
 * format, and the file name it is offered under. The exception names the bad parameter. Pure.
 */
record ExportRequest(Format format, ExportPages.Filter filter) {
  private static final OffsetDateTime BEGINNING = Instant.EPOCH.atOffset(ZoneOffset.UTC);
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  enum Format {
    CSV("text/csv; charset=utf-8", "csv"), NDJSON("application/x-ndjson", "ndjson");

    final String contentType;
    final String extension;

    Format(String contentType, String extension) {
      this.contentType = contentType;
      this.extension = extension;
    }
  }

  static ExportRequest parse(Function<String, String> param, Instant now) {
    Format format = format(param.apply("format"));
    OffsetDateTime since = QueryParams.time(param.apply("since"), "since");
    OffsetDateTime until = QueryParams.time(param.apply("until"), "until");
    if (until == null) until = now.atOffset(ZoneOffset.UTC);
    if (since != null && !since.isBefore(until)) throw new InvalidPacketException("until", "until must be after since");
    List<String> severities = HistoryQuery.severities(null, param.apply("min_severity"));
    // Every severity is no filter: read without one.
    if (severities.size() == 4) severities = List.of();
    String srcIp = QueryParams.ip(param.apply("src_ip"), "src_ip");
    return new ExportRequest(format, new ExportPages.Filter(since == null ? BEGINNING : since, until, severities, srcIp));
  }

  private static Format format(String value) {
    if (value == null || value.isBlank()) return Format.CSV;
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "csv" -> Format.CSV;
      case "ndjson" -> Format.NDJSON;
      default -> throw new InvalidPacketException("format", "format must be csv or ndjson");
    };
  }

  /** {@code anomalies-20261126T140000Z-20261126T150000Z.csv}; without since, {@code anomalies-start-...}. */
  String filename(String table) {
    String from = filter.since().equals(BEGINNING) ? "start" : FILE_TIME.format(filter.since());
    return table + "-" + from + "-" + FILE_TIME.format(filter.until()) + "." + format.extension;
  }
}
