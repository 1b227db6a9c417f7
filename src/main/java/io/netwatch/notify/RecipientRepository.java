package io.netwatch.notify;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** SQL of the recipients table. Answers rows as {@link RecipientJson} shows them (never the secret). */
public final class RecipientRepository {
  /** How many recipients there may be: each costs a claim query per tick on every notifier. */
  public static final int MAX_RECIPIENTS = 100;
  private static final String COLUMNS = "id, name, type, settings, secret, min_severity, detectors, events, enabled,"
      + " max_age_seconds, min_interval_seconds, resend_seconds, concurrency, timeout_ms, created_at, updated_at";
  private static final String WRITE_COLUMNS = "name, type, settings, secret, min_severity, detectors, events,"
      + " enabled, max_age_seconds, min_interval_seconds, resend_seconds, concurrency, timeout_ms";

  private final SqlClient client;

  public RecipientRepository(SqlClient client) {
    this.client = client;
  }

  /** The new recipient as answered; fails with {@link TooMany} at {@link #MAX_RECIPIENTS}. */
  public Future<JsonObject> insert(Recipient r) {
    return client.preparedQuery("INSERT INTO recipients (" + WRITE_COLUMNS + ") SELECT $1, $2, $3, $4, $5, $6, $7,"
            + " $8, $9, $10, $11, $12, $13 WHERE (SELECT count(*) FROM recipients) < " + MAX_RECIPIENTS
            + " RETURNING " + COLUMNS)
        .execute(values(r))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(new TooMany()) : Future.succeededFuture(first(rows)));
  }

  /** Replaces every field (the secret only when {@code r} has one); null when there is no such recipient. */
  public Future<JsonObject> update(long id, Recipient r) {
    return client.preparedQuery("UPDATE recipients SET name = $1, type = $2, settings = $3,"
            + " secret = COALESCE($4, secret), min_severity = $5, detectors = $6, events = $7, enabled = $8,"
            + " max_age_seconds = $9, min_interval_seconds = $10, resend_seconds = $11, concurrency = $12,"
            + " timeout_ms = $13, updated_at = now() WHERE id = $14 RETURNING " + COLUMNS)
        .execute(values(r).addLong(id))
        .map(RecipientRepository::first);
  }

  public Future<Boolean> delete(long id) {
    return client.preparedQuery("DELETE FROM recipients WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.rowCount() > 0);
  }

  public Future<JsonObject> byId(long id) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM recipients WHERE id = $1").execute(Tuple.of(id))
        .map(RecipientRepository::first);
  }

  public Future<List<JsonObject>> list() {
    return client.query("SELECT " + COLUMNS + " FROM recipients ORDER BY id").execute().map(rows -> {
      List<JsonObject> all = new ArrayList<>();
      for (Row row : rows) all.add(RecipientJson.of(recipient(row), row));
      return all;
    });
  }

  /** Every recipient with its secret, for delivery: never answered to a client. */
  public Future<List<Recipient>> all() {
    return client.query("SELECT " + COLUMNS + " FROM recipients ORDER BY id").execute().map(rows -> {
      List<Recipient> all = new ArrayList<>();
      for (Row row : rows) all.add(recipient(row));
      return all;
    });
  }

  /** One recipient with its secret (for a test delivery); null when there is none. */
  public Future<Recipient> recipient(long id) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM recipients WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.iterator().hasNext() ? recipient(rows.iterator().next()) : null);
  }

  private static Tuple values(Recipient r) {
    return Tuple.tuple()
        .addString(r.name()).addString(r.type()).addValue(new JsonObject(Map.copyOf(r.settings())))
        .addString(r.secret()).addString(r.minSeverity())
        .addArrayOfString(r.detectors() == null ? null : r.detectors().toArray(new String[0]))
        .addArrayOfString(r.events().toArray(new String[0]))
        .addBoolean(r.enabled()).addInteger(r.maxAgeSeconds()).addInteger(r.minIntervalSeconds())
        .addInteger(r.resendSeconds()).addInteger(r.concurrency()).addInteger(r.timeoutMs());
  }

  private static JsonObject first(RowSet<Row> rows) {
    var it = rows.iterator();
    if (!it.hasNext()) return null;
    Row row = it.next();
    return RecipientJson.of(recipient(row), row);
  }

  static Recipient recipient(Row row) {
    String[] detectors = row.getArrayOfStrings("detectors");
    Object settings = row.getValue("settings");
    Map<String, Object> map = settings instanceof JsonObject json ? json.getMap() : Map.of();
    return new Recipient(row.getLong("id"), row.getString("name"), row.getString("type"), map,
        row.getString("secret"), row.getString("min_severity"), detectors == null ? null : List.of(detectors),
        List.of(row.getArrayOfStrings("events")), row.getBoolean("enabled"), row.getInteger("max_age_seconds"),
        row.getInteger("min_interval_seconds"), row.getInteger("resend_seconds"), row.getInteger("concurrency"),
        row.getInteger("timeout_ms"));
  }

  /** The table holds {@link #MAX_RECIPIENTS} already. */
  public static final class TooMany extends RuntimeException {
    TooMany() {
      super("there are " + MAX_RECIPIENTS + " recipients already; delete one first", null, false, false);
    }
  }

  static JsonArray strings(List<String> values) {
    return values == null ? null : new JsonArray(List.copyOf(values));
  }
}
