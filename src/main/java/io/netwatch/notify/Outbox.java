package io.netwatch.notify;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL of the outbox (rows written by the alerts trigger of V9): claim due deliveries with FOR UPDATE SKIP LOCKED,
 * record outcomes, give up after max_age, prune, resend to Alertmanager. A claim is a lease: the row's
 * next_attempt_at moves to the lease's end, so a node that dies mid-delivery leaves it due again for another.
 */
public final class Outbox {
  /** Delivered rows (and events nobody waits for any more) are kept this long, for the Incidents panel. */
  public static final long RETENTION_HOURS = 24;
  /** Rows pruned per statement: a long prune never holds locks for long. */
  static final int PRUNE_BATCH = 5_000;
  /** Alerts re-posted to Alertmanager per recipient and sweep at the most. */
  static final int RESEND_BATCH = 500;

  // Only the head of each alert's queue for this recipient is claimable: in order per alert per recipient.
  private static final String CLAIM = "UPDATE notify_deliveries d SET attempts = d.attempts + 1,"
      + " next_attempt_at = now() + $3 * interval '1 millisecond'"
      + " FROM notify_events e WHERE e.id = d.event_id AND d.id IN ("
      + "   SELECT c.id FROM notify_deliveries c WHERE c.recipient_id = $1 AND c.state = 'pending'"
      + "   AND c.next_attempt_at <= now() AND NOT EXISTS (SELECT 1 FROM notify_deliveries p"
      + "     WHERE p.alert_id = c.alert_id AND p.recipient_id = c.recipient_id AND p.state = 'pending' AND p.id < c.id)"
      + "   ORDER BY c.id LIMIT $2 FOR UPDATE OF c SKIP LOCKED)"
      + " RETURNING d.id, d.event_id, d.alert_id, d.event, d.attempts, d.created_at, e.alert";

  private final SqlClient client;

  public Outbox(SqlClient client) {
    this.client = client;
  }

  public Future<List<OutboxEvent>> claim(long recipientId, int limit, long leaseMs) {
    return client.preparedQuery(CLAIM).execute(Tuple.of(recipientId, limit, leaseMs)).map(rows -> {
      List<OutboxEvent> claimed = new ArrayList<>(rows.size());
      for (Row row : rows) {
        claimed.add(new OutboxEvent(row.getLong("id"), row.getLong("event_id"), row.getLong("alert_id"),
            row.getString("event"), row.getInteger("attempts"), row.getOffsetDateTime("created_at").toInstant(),
            AlertJson.normalised((JsonObject) row.getValue("alert"))));
      }
      claimed.sort(java.util.Comparator.comparingLong(OutboxEvent::deliveryId));
      return claimed;
    });
  }

  public Future<Void> delivered(long deliveryId, DeliveryResult result) {
    return client.preparedQuery("UPDATE notify_deliveries SET state = 'delivered', delivered_at = now(),"
            + " last_status = $2, last_error = NULL WHERE id = $1")
        .execute(Tuple.of(deliveryId, result.status())).mapEmpty();
  }

  /** Schedules the next attempt, or gives up (state dead) once the delivery is older than max_age; the new state. */
  public Future<String> failed(long deliveryId, DeliveryResult result, long delayMs, int maxAgeSeconds) {
    return client.preparedQuery("UPDATE notify_deliveries SET"
            + " state = CASE WHEN created_at < now() - $4 * interval '1 second' THEN 'dead' ELSE 'pending' END,"
            + " next_attempt_at = now() + $2 * interval '1 millisecond', last_status = $3, last_error = $5"
            + " WHERE id = $1 AND state = 'pending' RETURNING state")
        .execute(Tuple.of(deliveryId, delayMs, result.status(), maxAgeSeconds, result.detail()))
        .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("state") : "gone");
  }

  /** Gives up due deliveries older than their recipient's max_age that were never tried again (an open circuit). */
  public Future<Integer> giveUpExpired() {
    return client.query("UPDATE notify_deliveries d SET state = 'dead',"
            + " last_error = COALESCE(d.last_error, 'not delivered within max_age') FROM recipients r"
            + " WHERE r.id = d.recipient_id AND d.state = 'pending' AND d.next_attempt_at <= now()"
            + " AND d.created_at < now() - r.max_age_seconds * interval '1 second'")
        .execute().map(rows -> rows.rowCount());
  }

  /** Deletes delivered rows past the retention, then events no delivery refers to any more. */
  public Future<Integer> prune() {
    return client.query("DELETE FROM notify_deliveries WHERE id IN (SELECT id FROM notify_deliveries"
            + " WHERE state = 'delivered' AND delivered_at < now() - interval '" + RETENTION_HOURS + " hours'"
            + " LIMIT " + PRUNE_BATCH + ")").execute()
        .compose(deleted -> client.query("DELETE FROM notify_events e WHERE e.id IN (SELECT e2.id FROM notify_events e2"
            + " WHERE e2.created_at < now() - interval '" + RETENTION_HOURS + " hours' AND NOT EXISTS"
            + " (SELECT 1 FROM notify_deliveries d WHERE d.event_id = e2.id) LIMIT " + PRUNE_BATCH + ")").execute()
            .map(events -> deleted.rowCount()));
  }

  /**
   * Queues again, for an Alertmanager recipient, the latest delivered event of each engaged alert last delivered
   * more than {@code resendSeconds} ago: Alertmanager resolves an alert nobody re-posts.
   */
  public Future<Integer> resend(long recipientId, int resendSeconds) {
    return client.preparedQuery("INSERT INTO notify_deliveries (event_id, recipient_id, alert_id, event)"
            + " SELECT l.event_id, $1, a.id, l.event FROM alerts a CROSS JOIN LATERAL (SELECT d.event_id, d.event,"
            + " d.state, d.delivered_at FROM notify_deliveries d WHERE d.alert_id = a.id AND d.recipient_id = $1"
            + " ORDER BY d.id DESC LIMIT 1) l WHERE a.state = 'engaged' AND l.state = 'delivered'"
            + " AND l.delivered_at < now() - $2 * interval '1 second' LIMIT " + RESEND_BATCH)
        .execute(Tuple.of(recipientId, resendSeconds)).map(rows -> rows.rowCount());
  }

  /** Dead deliveries of the recipient become due now, their max_age counted afresh; how many. */
  public Future<Integer> retryDead(long recipientId) {
    return client.preparedQuery("UPDATE notify_deliveries SET state = 'pending', next_attempt_at = now(),"
            + " created_at = now() WHERE recipient_id = $1 AND state = 'dead'")
        .execute(Tuple.of(recipientId)).map(rows -> rows.rowCount());
  }

  /** Per recipient: pending, dead, and the oldest pending delivery's age in seconds. */
  public Future<List<JsonObject>> queueStats() {
    return client.query("SELECT recipient_id, count(*) FILTER (WHERE state = 'pending') AS pending,"
            + " count(*) FILTER (WHERE state = 'dead') AS dead, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)"
            + " FILTER (WHERE state = 'pending')), 0)::float8 AS oldest_seconds FROM notify_deliveries"
            + " WHERE state <> 'delivered' GROUP BY recipient_id").execute().map(rows -> {
              List<JsonObject> stats = new ArrayList<>();
              for (Row row : rows) {
                stats.add(new JsonObject().put("recipient_id", row.getLong("recipient_id"))
                    .put("pending", row.getLong("pending")).put("dead", row.getLong("dead"))
                    .put("oldest_seconds", row.getDouble("oldest_seconds")));
              }
              return stats;
            });
  }

  /** A recipient's deliveries (newest first, at most {@code limit}), or an alert's, for the API. */
  public Future<List<JsonObject>> list(String column, long id, String state, int limit) {
    String sql = "SELECT d.id, d.event_id, d.alert_id, d.recipient_id, r.name AS recipient, r.type, d.event, d.state,"
        + " d.attempts, d.created_at, d.next_attempt_at, d.delivered_at, d.last_status, d.last_error"
        + " FROM notify_deliveries d JOIN recipients r ON r.id = d.recipient_id WHERE d." + column + " = $1"
        + (state == null ? "" : " AND d.state = $3") + " ORDER BY d.id DESC LIMIT $2";
    Tuple params = state == null ? Tuple.of(id, limit) : Tuple.of(id, limit, state);
    return client.preparedQuery(sql).execute(params).map(rows -> {
      List<JsonObject> list = new ArrayList<>();
      for (Row row : rows) {
        JsonObject json = new JsonObject();
        for (int i = 0; i < row.size(); i++) {
          Object value = row.getValue(i);
          json.put(row.getColumnName(i), value instanceof OffsetDateTime t ? t.toInstant().toString() : value);
        }
        json.put("message_id", "alert-" + json.getLong("alert_id") + "-" + json.getLong("event_id"));
        list.add(json);
      }
      return list;
    });
  }

}
