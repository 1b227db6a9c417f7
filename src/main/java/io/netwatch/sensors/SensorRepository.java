package io.netwatch.sensors;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** SQL for the sensors table: the admin API's registry, the nodes' token snapshots and last-seen times. */
public final class SensorRepository {
  /** The most sensors loaded or listed: the token snapshot, health and meters are bounded by it. */
  public static final int MAX_SENSORS = 10_000;
  private static final String COLUMNS = "name, description, quota_pps, silent_after_seconds, created_at, rotated_at,"
      + " previous_valid_until, last_seen_at";
  private static final String UNIQUE_VIOLATION = "23505";

  /** What the silent-sensor check reads of a sensor: last seen anywhere, and whether its alert is engaged. */
  public record Activity(String name, Long lastSeenMillis, Integer silentAfterSeconds, boolean alertEngaged) {
  }

  private final SqlClient client;

  public SensorRepository(SqlClient client) {
    this.client = client;
  }

  /** Every registered sensor and its valid digests; {@code defaultDigest} is INGESTION_TOKEN's. */
  public Future<Credentials> credentials(byte[] defaultDigest) {
    return client.query("SELECT name, quota_pps, silent_after_seconds, token_digest, previous_digest,"
            + " floor(extract(epoch FROM previous_valid_until) * 1000)::int8 AS previous_ms FROM sensors"
            + " ORDER BY name LIMIT " + MAX_SENSORS)
        .execute()
        .map(rows -> {
          List<Sensor> sensors = new ArrayList<>();
          List<Credentials.Entry> entries = new ArrayList<>();
          for (Row row : rows) {
            Sensor sensor = new Sensor(row.getString("name"), orZero(row.getInteger("quota_pps")),
                orZero(row.getInteger("silent_after_seconds")));
            sensors.add(sensor);
            byte[] current = sensor.isDefault() ? defaultDigest : bytes(row.getBuffer("token_digest"));
            if (current != null) entries.add(new Credentials.Entry(sensor, current, Long.MAX_VALUE));
            byte[] previous = bytes(row.getBuffer("previous_digest"));
            Long until = row.getLong("previous_ms");
            if (previous != null && until != null) entries.add(new Credentials.Entry(sensor, previous, until));
          }
          return new Credentials(sensors, entries);
        });
  }

  /** The new sensor's row, or null when the name is taken. */
  public Future<JsonObject> insert(SensorRequests.Registration registration, byte[] digest) {
    return client.preparedQuery("INSERT INTO sensors (name, description, quota_pps, silent_after_seconds,"
            + " token_digest) VALUES ($1, $2, $3, $4, $5) RETURNING " + COLUMNS)
        .execute(Tuple.of(registration.name(), registration.description(), registration.quotaPps(),
            registration.silentAfterSeconds(), Buffer.buffer(digest)))
        .map(SensorRepository::first)
        .recover(err -> err instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
            ? Future.succeededFuture(null) : Future.failedFuture(err));
  }

  public Future<List<JsonObject>> list() {
    return client.query("SELECT " + COLUMNS + " FROM sensors ORDER BY name LIMIT " + MAX_SENSORS).execute()
        .map(rows -> {
          List<JsonObject> sensors = new ArrayList<>(rows.size());
          for (Row row : rows) sensors.add(toJson(row));
          return sensors;
        });
  }

  /** The sensor's row, or null. */
  public Future<JsonObject> byName(String name) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM sensors WHERE name = $1").execute(Tuple.of(name))
        .map(SensorRepository::first);
  }

  /** Gives a registered sensor (not default) a new digest; the current one stays valid overlapSeconds. Null: none. */
  public Future<JsonObject> rotate(String name, byte[] digest, long overlapSeconds) {
    return client.preparedQuery("UPDATE sensors SET previous_digest = token_digest,"
            + " previous_valid_until = now() + $3 * interval '1 second', token_digest = $2, rotated_at = now()"
            + " WHERE name = $1 AND name <> 'default' RETURNING " + COLUMNS)
        .execute(Tuple.of(name, Buffer.buffer(digest), overlapSeconds))
        .map(SensorRepository::first);
  }

  /** Deletes a registered sensor (not default): its tokens stop working. False: no such sensor. */
  public Future<Boolean> delete(String name) {
    return client.preparedQuery("DELETE FROM sensors WHERE name = $1 AND name <> 'default'")
        .execute(Tuple.of(name)).map(rows -> rows.rowCount() > 0);
  }

  /** Moves each sensor's last_seen_at forward to what this node saw (never back), in one statement. */
  public Future<Void> touch(Map<String, Long> lastSeenMillis) {
    if (lastSeenMillis.isEmpty()) return Future.succeededFuture();
    String[] names = lastSeenMillis.keySet().toArray(String[]::new);
    Long[] millis = new Long[names.length];
    for (int i = 0; i < names.length; i++) millis[i] = lastSeenMillis.get(names[i]);
    return client.preparedQuery("UPDATE sensors s SET last_seen_at = GREATEST(s.last_seen_at,"
            + " to_timestamp(t.ms / 1000.0)) FROM unnest($1::text[], $2::int8[]) AS t(n, ms) WHERE s.name = t.n")
        .execute(Tuple.of(names, millis)).mapEmpty();
  }

  /** Every sensor that was ever seen, with whether its sensor_silent alert is engaged. */
  public Future<List<Activity>> activity(String detector) {
    return client.preparedQuery("SELECT s.name, floor(extract(epoch FROM s.last_seen_at) * 1000)::int8 AS seen_ms,"
            + " s.silent_after_seconds, EXISTS (SELECT 1 FROM alerts a WHERE a.detector = $1 AND a.alert_key = s.name"
            + " AND a.state = 'engaged') AS engaged FROM sensors s WHERE s.last_seen_at IS NOT NULL"
            + " ORDER BY s.name LIMIT " + MAX_SENSORS)
        .execute(Tuple.of(detector))
        .map(rows -> {
          List<Activity> out = new ArrayList<>(rows.size());
          for (Row row : rows) {
            out.add(new Activity(row.getString("name"), row.getLong("seen_ms"), row.getInteger("silent_after_seconds"),
                row.getBoolean("engaged")));
          }
          return out;
        });
  }

  private static JsonObject first(RowSet<Row> rows) {
    return rows.iterator().hasNext() ? toJson(rows.iterator().next()) : null;
  }

  static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("name", row.getString("name"))
        .put("description", row.getString("description"))
        .put("quota_pps", row.getInteger("quota_pps"))
        .put("silent_after_seconds", row.getInteger("silent_after_seconds"))
        .put("created_at", iso(row.getOffsetDateTime("created_at")))
        .put("rotated_at", iso(row.getOffsetDateTime("rotated_at")))
        .put("previous_token_valid_until", iso(row.getOffsetDateTime("previous_valid_until")))
        .put("last_seen_at", iso(row.getOffsetDateTime("last_seen_at")));
  }

  private static String iso(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }

  private static byte[] bytes(Buffer buffer) {
    return buffer == null ? null : buffer.getBytes();
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
