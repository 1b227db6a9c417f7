package io.netwatch.sensors;

import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.netwatch.sensors.SensorApi.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** /api/v1/sensors on the whole platform: register, list, rotate, revoke; tokens at the ingest route. */
@DisplayName("Sensors API: per-sensor tokens registered, rotated and revoked; every refusal names its field")
class SensorsApiTest {
  @Platform(deployed = true)
  static PlatformUnderTest platform;

  SensorApi api() {
    return new SensorApi(platform);
  }

  @Test
  @DisplayName("a registered sensor's token is shown once, works at ingest at once, and its packets count as its own")
  void registeredTokenIngests() {
    SensorApi api = api();
    String token = api.register("edge-1", null);
    assertThat(token).startsWith("nws_").hasSizeGreaterThan(40);
    assertThat(api.ingest(token)).isEqualTo(200);
    assertThat(api.ingest(token + "x")).isEqualTo(401);

    JsonObject sensor = api.sensor("edge-1");
    assertThat(sensor.getString("description")).isEqualTo("test sensor edge-1");
    assertThat(sensor.encode()).doesNotContain(token);
    JsonObject health = sensor.getJsonObject("health");
    assertThat(health.getLong("packets")).isEqualTo(1);
    assertThat(health.getLong("last_seen_ms")).isPositive();
    assertThat(health.getString("user_agent")).isEqualTo("netwatch-sensor/test");
    assertThat(sensor.getBoolean("silent")).isFalse();
  }

  @Test
  @DisplayName("INGESTION_TOKEN keeps working as the sensor 'default', which is listed and cannot be rotated or revoked")
  void ingestionTokenIsDefault() {
    SensorApi api = api();
    assertThat(api.ingest(PlatformUnderTest.INGEST_TOKEN)).isEqualTo(200);
    JsonArray sensors = api.call(HttpMethod.GET, "/api/v1/sensors", null, null).bodyAsJsonObject().getJsonArray("sensors");
    JsonObject listed = sensors.stream().map(JsonObject.class::cast).filter(s -> s.getString("name").equals("default"))
        .findFirst().orElseThrow();
    assertThat(listed.getJsonObject("health").getLong("packets")).isPositive();
    assertError(api.admin(HttpMethod.POST, "/api/v1/sensors/default/rotate", "{}"), 409, "name");
    assertError(api.admin(HttpMethod.DELETE, "/api/v1/sensors/default", null), 409, "name");
    assertError(api.admin(HttpMethod.POST, "/api/v1/sensors", "{\"name\":\"default\"}"), 422, "name");
  }

  @Test
  @DisplayName("a rotated sensor's old token works for overlap_seconds, then not; the new one works at once")
  void rotation() {
    SensorApi api = api();
    String first = api.register("edge-rot", null);
    HttpResponse<Buffer> kept = api.admin(HttpMethod.POST, "/api/v1/sensors/edge-rot/rotate", "");
    assertThat(kept.statusCode()).as(kept.bodyAsString()).isEqualTo(200);
    String second = kept.bodyAsJsonObject().getString("token");
    assertThat(second).isNotEqualTo(first);
    assertThat(kept.bodyAsJsonObject().getJsonObject("sensor").getString("previous_token_valid_until")).isNotNull();
    assertThat(api.ingest(first)).isEqualTo(200);
    assertThat(api.ingest(second)).isEqualTo(200);

    HttpResponse<Buffer> cut = api.admin(HttpMethod.POST, "/api/v1/sensors/edge-rot/rotate", "{\"overlap_seconds\":0}");
    String third = cut.bodyAsJsonObject().getString("token");
    assertThat(api.ingest(second)).isEqualTo(401);
    assertThat(api.ingest(first)).isEqualTo(401);
    assertThat(api.ingest(third)).isEqualTo(200);
    // The rotated-out token's 401 is counted against its sensor.
    assertThat(api.sensor("edge-rot").getJsonObject("health").getJsonObject("rejected").getLong("401")).isEqualTo(1);
  }

  @Test
  @DisplayName("DELETE revokes: the token is refused at once, the sensor is gone (404)")
  void revocation() {
    SensorApi api = api();
    String token = api.register("edge-del", null);
    assertThat(api.ingest(token)).isEqualTo(200);
    assertThat(api.admin(HttpMethod.DELETE, "/api/v1/sensors/edge-del", null).statusCode()).isEqualTo(204);
    assertThat(api.ingest(token)).isEqualTo(401);
    assertError(api.call(HttpMethod.GET, "/api/v1/sensors/edge-del", null, null), 404, "name");
    assertError(api.admin(HttpMethod.DELETE, "/api/v1/sensors/edge-del", null), 404, "name");
  }

  @Test
  @DisplayName("409 for a name taken, 404 for an unknown sensor, 401 without the admin token")
  void conflictsAndUnknowns() {
    SensorApi api = api();
    api.register("edge-dup", null);
    assertError(api.admin(HttpMethod.POST, "/api/v1/sensors", "{\"name\":\"edge-dup\"}"), 409, "name");
    assertError(api.admin(HttpMethod.POST, "/api/v1/sensors/nope/rotate", "{}"), 404, "name");
    assertError(api.call(HttpMethod.GET, "/api/v1/sensors/nope", null, null), 404, "name");
    for (String authorization : new String[] {null, "Bearer wrong", "Bearer " + PlatformUnderTest.INGEST_TOKEN}) {
      assertError(api.call(HttpMethod.POST, "/api/v1/sensors", authorization, "{\"name\":\"x\"}"), 401, "Authorization");
      assertError(api.call(HttpMethod.DELETE, "/api/v1/sensors/edge-dup", authorization, null), 401, "Authorization");
      assertError(api.call(HttpMethod.POST, "/api/v1/sensors/edge-dup/rotate", authorization, "{}"), 401,
          "Authorization");
    }
  }

  @Test
  @DisplayName("every bad body is a 422 naming its field, and registers nothing")
  void badBodies() {
    SensorApi api = api();
    List<String[]> cases = List.of(
        new String[] {"", "name"},
        new String[] {"[1]", "body"},
        new String[] {"{", "body"},
        new String[] {"{}", "name"},
        new String[] {"{\"name\":\"\"}", "name"},
        new String[] {"{\"name\":\"Upper\"}", "name"},
        new String[] {"{\"name\":\"-lead\"}", "name"},
        new String[] {"{\"name\":\"a b\"}", "name"},
        new String[] {"{\"name\":7}", "name"},
        new String[] {"{\"name\":\"" + "a".repeat(64) + "\"}", "name"},
        new String[] {"{\"name\":\"ok1\",\"description\":5}", "description"},
        new String[] {"{\"name\":\"ok1\",\"description\":\"" + "d".repeat(501) + "\"}", "description"},
        new String[] {"{\"name\":\"ok1\",\"quota_pps\":0}", "quota_pps"},
        new String[] {"{\"name\":\"ok1\",\"quota_pps\":1.5}", "quota_pps"},
        new String[] {"{\"name\":\"ok1\",\"quota_pps\":\"10\"}", "quota_pps"},
        new String[] {"{\"name\":\"ok1\",\"quota_pps\":1e30}", "quota_pps"},
        new String[] {"{\"name\":\"ok1\",\"silent_after_seconds\":-1}", "silent_after_seconds"},
        new String[] {"{\"name\":\"ok1\",\"quota\":10}", "quota"});
    for (String[] c : cases) {
      assertError(api.admin(HttpMethod.POST, "/api/v1/sensors", c[0]), 422, c[1]);
    }
    assertError(api.call(HttpMethod.GET, "/api/v1/sensors/ok1", null, null), 404, "name");
    api.register("edge-body", null);
    assertError(api.admin(HttpMethod.POST, "/api/v1/sensors/edge-body/rotate", "{\"overlap_seconds\":-5}"), 422,
        "overlap_seconds");
    assertError(api.admin(HttpMethod.POST, "/api/v1/sensors/edge-body/rotate", "{\"overlap\":5}"), 422, "overlap");
    assertError(api.admin(HttpMethod.POST, "/api/v1/sensors/edge-body/rotate", "[]"), 422, "body");
  }
}
