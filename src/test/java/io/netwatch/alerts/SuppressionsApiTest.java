package io.netwatch.alerts;

import io.netwatch.model.Addresses;
import io.netwatch.testing.Await;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.netwatch.alerts.WebApi.assertAdminRefused;
import static io.netwatch.alerts.WebApi.assertError;
import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST, GET and DELETE /api/v1/suppressions on the whole platform (viewer access on, which admins do not need),
 * and the SuppressionRepository calls the detection engine makes, on the same database.
 */
@DisplayName("Suppressions API: admin-only create, list and delete, each refusal naming its field, changes published")
class SuppressionsApiTest {
  static final List<String> RULE_KEYS = List.of("id", "detector", "src_cidr", "dst_cidr", "dst_port", "expires_at",
      "reason", "created_by", "created_at", "hits", "active");

  @Platform
  static PlatformUnderTest platform;
  static WebApi api;
  static Pool pool;

  @BeforeAll
  static void deploy() {
    platform.deploy(PlatformUnderTest.withViewerToken(platform.config()));
    api = new WebApi(platform);
    pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(platform.database.url())).using(platform.vertx)
        .build();
  }

  @AfterAll
  static void closePool() {
    Await.result(pool.close(), 10);
  }

  @BeforeEach
  void empty() {
    platform.database.execute("TRUNCATE suppressions");
  }

  static JsonObject create(String body) {
    HttpResponse<Buffer> response = api.admin(HttpMethod.POST, "/api/v1/suppressions", body);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject();
  }

  static List<Long> listed(String query) {
    HttpResponse<Buffer> response = api.admin(HttpMethod.GET, "/api/v1/suppressions" + query, null);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    JsonArray rules = response.bodyAsJsonObject().getJsonArray("suppressions");
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) ids.add(rules.getJsonObject(i).getLong("id"));
    return ids;
  }

  /** A rule that expired a minute ago: the API refuses to create one, so it goes straight into the table. */
  static long expiredRule() {
    return api.insert("INSERT INTO suppressions (detector, expires_at) VALUES ('port_scan', now() - interval '1 minute')"
        + " RETURNING id");
  }

  @Test
  @DisplayName("create: 201 with the rule in its normal form, published on suppressions.changed; listed newest first")
  void create() {
    List<JsonObject> changes = api.published(Addresses.SUPPRESSIONS_CHANGED);
    Instant before = Instant.now();
    JsonObject scan = create("{\"detector\": \"port_scan\", \"src_cidr\": \"10.0.0.0/8\", \"dst_cidr\": \"2001:DB8::5\","
        + " \"dst_port\": 22, \"duration_seconds\": 3600, \"reason\": \"nightly audit\", \"created_by\": \"bob\"}");
    assertThat(scan.fieldNames()).containsExactlyInAnyOrderElementsOf(RULE_KEYS);
    assertThat(scan.getString("detector")).isEqualTo("port_scan");
    assertThat(scan.getString("src_cidr")).isEqualTo("10.0.0.0/8");
    assertThat(scan.getString("dst_cidr")).isEqualTo("2001:db8::5/128");
    assertThat(scan.getInteger("dst_port")).isEqualTo(22);
    assertThat(Instant.parse(scan.getString("expires_at"))).isBetween(before.plusSeconds(3599),
        Instant.now().plusSeconds(3601));
    assertThat(scan.getString("reason")).isEqualTo("nightly audit");
    assertThat(scan.getString("created_by")).isEqualTo("bob");
    assertThat(scan.getString("created_at")).isNotNull();
    assertThat(scan.getLong("hits")).isZero();
    assertThat(scan.getBoolean("active")).isTrue();
    within(Duration.ofSeconds(5), () -> assertThat(changes).containsExactly(new JsonObject().put("id", scan.getLong("id"))));

    JsonObject permanent = create("{\"src_cidr\": \"192.168.7.7\", \"expires_at\": null}");
    assertThat(permanent.getValue("detector")).isNull();
    assertThat(permanent.getString("src_cidr")).isEqualTo("192.168.7.7/32");
    assertThat(permanent.getValue("expires_at")).isNull();
    assertThat(permanent.getString("reason")).isEmpty();
    assertThat(permanent.getString("created_by")).isEqualTo("admin");
    JsonObject until = create("{\"detector\": \"high_entropy\", \"expires_at\": \"2099-01-01T01:00:00+01:00\"}");
    assertThat(until.getString("expires_at")).isEqualTo("2099-01-01T00:00:00Z");

    assertThat(listed("")).containsExactly(until.getLong("id"), permanent.getLong("id"), scan.getLong("id"));
    within(Duration.ofSeconds(5), () -> assertThat(changes).hasSize(3));
  }

  @Test
  @DisplayName("delete: 204 and published, then 404; a bad id is a 400")
  void delete() {
    long id = create("{\"detector\": \"syn_flood\"}").getLong("id");
    long kept = create("{\"detector\": \"host_sweep\"}").getLong("id");
    List<JsonObject> changes = api.published(Addresses.SUPPRESSIONS_CHANGED);
    HttpResponse<Buffer> deleted = api.admin(HttpMethod.DELETE, "/api/v1/suppressions/" + id, null);
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(deleted.body()).isNull();
    within(Duration.ofSeconds(5), () -> assertThat(changes).containsExactly(new JsonObject().put("id", id)));
    assertThat(listed("")).containsExactly(kept);
    assertError(api.admin(HttpMethod.DELETE, "/api/v1/suppressions/" + id, null), 404, "id");
    assertError(api.admin(HttpMethod.DELETE, "/api/v1/suppressions/nope", null), 400, "id");
    assertError(api.admin(HttpMethod.DELETE, "/api/v1/suppressions/-4", null), 400, "id");
    assertThat(changes).hasSize(1);
  }

  @Test
  @DisplayName("?active=true lists only unexpired rules, ?active=false only expired ones; each rule says which it is")
  void activeFilter() {
    long expired = expiredRule();
    long permanent = create("{\"detector\": \"packet\"}").getLong("id");
    long hour = create("{\"dst_port\": 6667, \"duration_seconds\": 3600}").getLong("id");
    assertThat(listed("")).containsExactly(hour, permanent, expired);
    assertThat(listed("?active=true")).containsExactly(hour, permanent);
    assertThat(listed("?active=false")).containsExactly(expired);
    JsonArray all = api.admin(HttpMethod.GET, "/api/v1/suppressions", null).bodyAsJsonObject()
        .getJsonArray("suppressions");
    assertThat(all.getJsonObject(2).getBoolean("active")).isFalse();
    assertThat(all.getJsonObject(1).getBoolean("active")).isTrue();
    assertError(api.admin(HttpMethod.GET, "/api/v1/suppressions?active=maybe", null), 400, "active");
  }

  @Test
  @DisplayName("every route needs the admin token: 401 with WWW-Authenticate, and nothing is created or deleted")
  void adminOnly() {
    long id = create("{\"detector\": \"syn_flood\"}").getLong("id");
    for (String authorization : java.util.Arrays.asList(null, "Bearer wrong", "Basic " + PlatformUnderTest.ADMIN_TOKEN,
        "Bearer " + PlatformUnderTest.VIEWER_TOKEN)) {
      assertAdminRefused(api.call(HttpMethod.POST, "/api/v1/suppressions", authorization, "{\"detector\": \"packet\"}"));
      assertAdminRefused(api.call(HttpMethod.GET, "/api/v1/suppressions", authorization, null));
      assertAdminRefused(api.call(HttpMethod.GET, "/api/v1/suppressions?active=true", authorization, null));
      assertAdminRefused(api.call(HttpMethod.DELETE, "/api/v1/suppressions/" + id, authorization, null));
    }
    assertThat(platform.database.count("SELECT count(*) FROM suppressions")).isEqualTo(1);
  }

  @Test
  @DisplayName("refusals: 422 naming the field (a rule matching everything, a past expiry), 400 for a body not an object")
  void refusals() {
    List<JsonObject> changes = api.published(Addresses.SUPPRESSIONS_CHANGED);
    Map<String, List<String>> refused = Map.of(
        "detector", List.of("", "{}", "{\"reason\": \"all\"}", "{\"detector\": null, \"src_cidr\": null}",
            "{\"detector\": \"portscan\"}", "{\"detector\": \"\"}", "{\"detector\": 1}"),
        "src_cidr", List.of("{\"src_cidr\": \"example.com\"}", "{\"src_cidr\": \"10.0.0.1/8\"}",
            "{\"src_cidr\": \"10.0.0.0/33\"}", "{\"src_cidr\": \"fe80::1%eth0\"}"),
        "dst_cidr", List.of("{\"dst_cidr\": \"localhost\"}", "{\"dst_cidr\": \"::/129\"}", "{\"dst_cidr\": [1]}"),
        "dst_port", List.of("{\"dst_port\": 65536}", "{\"dst_port\": -1}", "{\"dst_port\": \"22\"}",
            "{\"dst_port\": 2.5}"),
        "expires_at", List.of("{\"detector\": \"packet\", \"expires_at\": \"2020-01-01T00:00:00Z\"}",
            "{\"detector\": \"packet\", \"expires_at\": \"soon\"}",
            "{\"detector\": \"packet\", \"expires_at\": \"+20000-01-01T00:00:00Z\"}"),
        "duration_seconds", List.of("{\"detector\": \"packet\", \"duration_seconds\": 0}",
            "{\"detector\": \"packet\", \"duration_seconds\": 60, \"expires_at\": \"2099-01-01T00:00:00Z\"}",
            "{\"detector\": \"packet\", \"duration_seconds\": 1e30}"),
        "reason", List.of("{\"detector\": \"packet\", \"reason\": \"" + "r".repeat(1001) + "\"}"),
        "created_by", List.of("{\"detector\": \"packet\", \"created_by\": \"a\\u0000b\"}"),
        "dest_cidr", List.of("{\"detector\": \"port_scan\", \"dest_cidr\": \"10.0.0.5\"}"));
    refused.forEach((field, bodies) -> {
      for (String body : bodies) assertError(api.admin(HttpMethod.POST, "/api/v1/suppressions", body), 422, field);
    });
    for (String body : List.of("not json", "[]", "\"port_scan\"", "null")) {
      assertError(api.admin(HttpMethod.POST, "/api/v1/suppressions", body), 400, "body");
    }
    assertThat(platform.database.count("SELECT count(*) FROM suppressions")).isZero();
    assertThat(changes).isEmpty();
  }

  @Test
  @DisplayName("for the detectors: active() loads the unexpired rules as SuppressionRule, addHits counts in one statement")
  void repository() {
    SuppressionRepository repository = new SuppressionRepository(pool);
    expiredRule();
    long scan = create("{\"detector\": \"port_scan\", \"src_cidr\": \"10.0.0.0/8\", \"duration_seconds\": 600}")
        .getLong("id");
    long mapped = create("{\"dst_cidr\": \"::ffff:10.0.0.0/104\", \"dst_port\": 443}").getLong("id");
    List<SuppressionRule> active = Await.result(repository.active(), 10);
    assertThat(active).extracting(SuppressionRule::id).containsExactly(scan, mapped);
    SuppressionRule scanRule = active.get(0);
    long now = System.currentTimeMillis();
    assertThat(scanRule.expiresAtMillis()).isBetween(now + 500_000, now + 601_000);
    assertThat(scanRule.matches("port_scan", List.of(), "10.1.2.3", "192.168.0.1", null, now)).isTrue();
    assertThat(scanRule.matches("port_scan", List.of(), "11.1.2.3", "192.168.0.1", null, now)).isFalse();
    assertThat(scanRule.matches("port_scan", List.of(), "10.1.2.3", "192.168.0.1", null, scanRule.expiresAtMillis()))
        .isFalse();
    assertThat(active.get(1).matches("packet", List.of(), "1.1.1.1", "::ffff:10.9.9.9", 443, now)).isTrue();
    assertThat(active.get(1).expiresAtMillis()).isNull();

    Await.result(repository.addHits(Map.of(scan, 3L, mapped, 5L, 987_654L, 1L)), 10);
    Await.result(repository.addHits(Map.of(scan, 4L)), 10);
    Await.result(repository.addHits(Map.of()), 10);
    assertThat(platform.database.count("SELECT hits FROM suppressions WHERE id = ?", scan)).isEqualTo(7);
    assertThat(platform.database.count("SELECT hits FROM suppressions WHERE id = ?", mapped)).isEqualTo(5);
    JsonArray listedRules = api.admin(HttpMethod.GET, "/api/v1/suppressions?active=true", null).bodyAsJsonObject()
        .getJsonArray("suppressions");
    assertThat(listedRules.getJsonObject(1).getLong("hits")).isEqualTo(7);
  }
}
