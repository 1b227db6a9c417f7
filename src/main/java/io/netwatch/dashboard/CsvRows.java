package io.netwatch.dashboard;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of JSON objects as CSV (RFC 4180: a header row, CRLF line ends, fields with commas, quotes or line
 * breaks quoted, quotes doubled), a page at a time, through Jackson's CSV writer. A JSON array (reasons)
 * becomes one field, its items joined by commas. A text that a spreadsheet would run as a formula (starting
 * with = + - @, a tab or a carriage return) is prefixed with a single quote (OWASP's advice against CSV
 * injection: sensors choose the protocol text); NDJSON exports keep every value as stored.
 */
final class CsvRows {
  private static final CsvMapper MAPPER = new CsvMapper();

  private final List<String> columns;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
  private final SequenceWriter writer;

  CsvRows(List<String> columns) {
    this.columns = columns;
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(false).setLineSeparator("\r\n");
    columns.forEach(schema::addColumn);
    try {
      writer = MAPPER.writer(schema.build()).writeValues(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The header row: the column names (plain identifiers, nothing to quote). */
  Buffer header() {
    return Buffer.buffer(String.join(",", columns) + "\r\n");
  }

  /** These rows. */
  Buffer encode(List<JsonObject> rows) {
    try {
      for (JsonObject row : rows) {
        List<Object> values = new ArrayList<>(columns.size());
        for (String column : columns) values.add(field(row.getValue(column)));
        writer.write(values);
      }
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Buffer page = Buffer.buffer(out.toByteArray());
    out.reset();
    return page;
  }

  private static Object field(Object value) {
    if (value == null) return ""; // Jackson would skip a null list element, shifting the columns after it
    if (value instanceof JsonArray array) value = String.join(",", array.stream().map(String::valueOf).toList());
    if (value instanceof String s && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) return "'" + s;
    return value;
  }
}
