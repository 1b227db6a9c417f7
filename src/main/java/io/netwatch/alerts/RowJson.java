package io.netwatch.alerts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collector;
import java.util.stream.Collectors;

/**
 * A row as JSON, column by column: the keys are the selected column names (so the SELECT list is the shape), times
 * are ISO-8601 UTC strings, text arrays JSON arrays, everything else as the client decoded it.
 */
final class RowJson {
  static final Collector<Row, ?, List<JsonObject>> LIST = Collectors.mapping(RowJson::of, Collectors.toList());

  private RowJson() {
  }

  static JsonObject of(Row row) {
    JsonObject json = new JsonObject();
    for (int i = 0; i < row.size(); i++) {
      Object value = row.getValue(i);
      if (value instanceof OffsetDateTime time) value = time.toInstant().toString();
      if (value instanceof String[] strings) value = new JsonArray(List.of(strings));
      json.put(row.getColumnName(i), value);
    }
    return json;
  }
}
