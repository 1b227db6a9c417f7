package io.netwatch.notify;

import io.netwatch.testing.Await;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The recipients API on the whole platform, viewer access on: admin only, secrets write-only, 422 naming fields. */
@DisplayName("Recipients API: admin-only CRUD, secrets never answered, each refusal naming its field")
class RecipientsApiTest {
  static final String SECRET = "s3cret-s3cret-s3cret";
  static final String WEBHOOK = "{\"name\": \"ops\", \"type\": \"webhook\", \"url\": \"http://127.0.0.1:1/hook\","
      + " \"secret\": \"" + SECRET + "\", \"events\": [\"engaged\", \"released\", \"acknowledged\"]}";

  @Platform
  static PlatformUnderTest platform;

  @BeforeAll
  static void deploy() {
    platform.deploy(PlatformUnderTest.withViewerToken(platform.config()));
  }

  @BeforeEach
  void empty() {
    platform.database.execute("DELETE FROM recipients");
  }

  static HttpResponse<Buffer> call(HttpMethod method, String uri, String authorization, String body) {
    HttpRequest<Buffer> request = platform.web(method, uri);
    if (authorization != null) request.putHeader("Authorization", authorization);
    if (body == null) return Await.result(request.send(), 10);
    return Await.result(request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)), 10);
  }

  static HttpResponse<Buffer> admin(HttpMethod method, String uri, String body) {
    return call(method, uri, "Bearer " + PlatformUnderTest.ADMIN_TOKEN, body);
  }

  static void assertError(HttpResponse<Buffer> response, int status, String field) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.bodyAsJsonObject().getString("field")).as(response.bodyAsString()).isEqualTo(field);
  }

  @Test
  @DisplayName("create, read, list, replace (secret kept), delete; the secret never appears in an answer")
  void lifecycle() {
    HttpResponse<Buffer> created = admin(HttpMethod.POST, "/api/v1/recipients", WEBHOOK);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject ops = created.bodyAsJsonObject();
    long id = ops.getLong("id");
    assertThat(ops.getString("url")).isEqualTo("http://127.0.0.1:1/hook");
    assertThat(ops.getString("format")).isEqualTo("standard");
    assertThat(ops.getBoolean("secret_set")).isTrue();
    assertThat(ops.containsKey("secret")).isFalse();
    assertThat(ops.getJsonArray("events").getList()).containsExactly("engaged", "released", "acknowledged");
    assertThat(created.bodyAsString()).doesNotContain(SECRET);

    assertThat(admin(HttpMethod.GET, "/api/v1/recipients/" + id, null).bodyAsJsonObject()).isEqualTo(ops);
    HttpResponse<Buffer> listed = admin(HttpMethod.GET, "/api/v1/recipients", null);
    assertThat(listed.bodyAsJsonObject().getJsonArray("recipients").getList()).hasSize(1);
    assertThat(listed.bodyAsString()).doesNotContain(SECRET);

    HttpResponse<Buffer> replaced = admin(HttpMethod.PUT, "/api/v1/recipients/" + id,
        "{\"name\": \"ops\", \"type\": \"webhook\", \"url\": \"http://127.0.0.1:2/hook\", \"enabled\": false}");
    assertThat(replaced.statusCode()).as(replaced.bodyAsString()).isEqualTo(200);
    assertThat(replaced.bodyAsJsonObject().getString("url")).isEqualTo("http://127.0.0.1:2/hook");
    assertThat(replaced.bodyAsJsonObject().getBoolean("enabled")).isFalse();
    assertThat(platform.database.text("SELECT secret FROM recipients WHERE id = " + id)).isEqualTo(SECRET);

    assertThat(admin(HttpMethod.DELETE, "/api/v1/recipients/" + id, null).statusCode()).isEqualTo(204);
    assertError(admin(HttpMethod.DELETE, "/api/v1/recipients/" + id, null), 404, "id");
    assertError(admin(HttpMethod.GET, "/api/v1/recipients/" + id, null), 404, "id");
  }

  @Test
  @DisplayName("422 naming the field: bad URL, unknown type, unknown detector, missing secret, metadata address")
  void refusals() {
    assertError(admin(HttpMethod.POST, "/api/v1/recipients",
        "{\"name\": \"a\", \"type\": \"alertmanager\", \"url\": \"am:9093\"}"), 422, "url");
    assertError(admin(HttpMethod.POST, "/api/v1/recipients", "{\"name\": \"a\", \"type\": \"pager\"}"), 422, "type");
    assertError(admin(HttpMethod.POST, "/api/v1/recipients", "{\"name\": \"a\", \"type\": \"syslog\","
        + " \"host\": \"127.0.0.1\", \"detectors\": [\"dns_tunnel\"]}"), 422, "detectors");
    assertError(admin(HttpMethod.POST, "/api/v1/recipients",
        "{\"name\": \"a\", \"type\": \"webhook\", \"url\": \"http://127.0.0.1/\"}"), 422, "secret");
    assertError(admin(HttpMethod.POST, "/api/v1/recipients",
        "{\"name\": \"a\", \"type\": \"alertmanager\", \"url\": \"http://169.254.169.254/\"}"), 422, "url");
    assertError(admin(HttpMethod.POST, "/api/v1/recipients", "[1]"), 400, "body");
    assertError(admin(HttpMethod.POST, "/api/v1/recipients", "{"), 400, "body");
    assertError(admin(HttpMethod.GET, "/api/v1/recipients/abc", null), 400, "id");
    // A slack webhook has no key: making it a signed one needs a secret.
    long slack = admin(HttpMethod.POST, "/api/v1/recipients", "{\"name\": \"s\", \"type\": \"webhook\","
        + " \"format\": \"slack\", \"url\": \"http://127.0.0.1/slack\"}").bodyAsJsonObject().getLong("id");
    assertError(admin(HttpMethod.PUT, "/api/v1/recipients/" + slack,
        "{\"name\": \"s\", \"type\": \"webhook\", \"url\": \"http://127.0.0.1/slack\"}"), 422, "secret");
    assertThat(admin(HttpMethod.POST, "/api/v1/recipients", WEBHOOK).statusCode()).isEqualTo(201);
    assertError(admin(HttpMethod.POST, "/api/v1/recipients", WEBHOOK), 409, "name");
    assertThat(platform.database.count("SELECT count(*) FROM recipients")).isEqualTo(2);
  }

  @Test
  @DisplayName("without the admin token: 401, nothing read or written (a viewer session is not enough)")
  void adminOnly() {
    assertError(call(HttpMethod.POST, "/api/v1/recipients", null, WEBHOOK), 401, "Authorization");
    assertError(call(HttpMethod.GET, "/api/v1/recipients", "Bearer wrong", null), 401, "Authorization");
    HttpResponse<Buffer> asViewer = Await.result(platform.web(HttpMethod.GET, "/api/v1/recipients")
        .putHeader("Cookie", platform.login()).send(), 10);
    assertError(asViewer, 401, "Authorization");
    assertThat(platform.database.count("SELECT count(*) FROM recipients")).isZero();
  }
}
