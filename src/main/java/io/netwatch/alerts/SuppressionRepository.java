package io.netwatch.alerts;

import io.netwatch.model.InvalidPacketException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SQL for the suppressions table: the rules in force for the detectors ({@link #active()}, {@link #addHits}) and
 * the operators' create, list and delete.
 */
public final class SuppressionRepository {
  private static final Logger log = LoggerFactory.getLogger(SuppressionRepository.class);
  /** The most rules {@link #active()} loads. */
  public static final int MAX_ACTIVE = 10_000;
  /** The most rules {@link #list} returns. */
  public static final int MAX_LISTED = 1_000;
  private static final String UNEXPIRED = "(expires_at IS NULL OR expires_at > now())";
  /** A rule as the API shows it ({@link RowJson}). */
  private static final String COLUMNS = "id, detector, src_cidr::text AS src_cidr, dst_cidr::text AS dst_cidr,"
      + " dst_port, expires_at, reason, created_by, created_at, hits, " + UNEXPIRED + " AS active";

  private final SqlClient client;

  public SuppressionRepository(SqlClient client) {
    this.client = client;
  }

  /** The unexpired rules, oldest first, at most {@link #MAX_ACTIVE}. A stored rule that does not parse is skipped. */
  public Future<List<SuppressionRule>> active() {
    return client.preparedQuery("SELECT id, detector, src_cidr::text AS src_cidr, dst_cidr::text AS dst_cidr, dst_port,"
            + " floor(extract(epoch FROM expires_at) * 1000)::int8 AS expires_ms FROM suppressions WHERE " + UNEXPIRED
            + " ORDER BY id LIMIT " + MAX_ACTIVE)
        .execute()
        .map(rows -> {
          List<SuppressionRule> rules = new ArrayList<>(rows.size());
          for (Row row : rows) {
            try {
              rules.add(SuppressionRule.parse(row.getLong("id"), row.getString("detector"), row.getString("src_cidr"),
                  row.getString("dst_cidr"), row.getInteger("dst_port"), row.getLong("expires_ms")));
            } catch (InvalidPacketException e) {
              log.warn("suppression {} skipped: {}", row.getLong("id"), e.getMessage());
            }
          }
          return rules;
        });
  }

  /** Adds each rule's new hits to its count, in one statement; ids of deleted rules are passed over. */
  public Future<Void> addHits(Map<Long, Long> hitsById) {
    if (hitsById.isEmpty()) return Future.succeededFuture();
    Long[] ids = new Long[hitsById.size()];
    Long[] hits = new Long[hitsById.size()];
    int i = 0;
    for (Map.Entry<Long, Long> e : hitsById.entrySet()) {
      ids[i] = e.getKey();
      hits[i++] = e.getValue();
    }
    return client.preparedQuery("UPDATE suppressions s SET hits = s.hits + h.n"
            + " FROM unnest($1::int8[], $2::int8[]) AS h(id, n) WHERE s.id = h.id")
        .execute(Tuple.from(List.<Object>of(ids, hits))) // Tuple.of(ids, hits) would spread hits as varargs
        .mapEmpty();
  }

  /** Stores the rule; returns it as the API shows it. */
  public Future<JsonObject> insert(SuppressionRequest request) {
    SuppressionRule rule = request.rule();
    return client.preparedQuery("INSERT INTO suppressions (detector, src_cidr, dst_cidr, dst_port, expires_at, reason,"
            + " created_by) VALUES ($1, $2::text::cidr, $3::text::cidr, $4, $5, $6, $7) RETURNING " + COLUMNS)
        .execute(Tuple.of(rule.detector(), text(rule.src()), text(rule.dst()), rule.dstPort(),
            request.expiresAt() == null ? null : request.expiresAt().atOffset(ZoneOffset.UTC), request.reason(),
            request.createdBy()))
        .map(rows -> RowJson.of(rows.iterator().next()));
  }

  /** Newest first, at most {@link #MAX_LISTED}; {@code active} true: only unexpired, false: only expired, null: all. */
  public Future<List<JsonObject>> list(Boolean active) {
    String where = active == null ? "" : active ? " WHERE " + UNEXPIRED : " WHERE NOT " + UNEXPIRED;
    return client.preparedQuery("SELECT " + COLUMNS + " FROM suppressions" + where + " ORDER BY id DESC LIMIT "
            + MAX_LISTED)
        .collecting(RowJson.LIST)
        .execute()
        .map(SqlResult::value);
  }

  /** True when the rule was there (and is now gone). */
  public Future<Boolean> delete(long id) {
    return client.preparedQuery("DELETE FROM suppressions WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.rowCount() > 0);
  }

  private static String text(Cidr cidr) {
    return cidr == null ? null : cidr.toString();
  }
}
