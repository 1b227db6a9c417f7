package io.netwatch.alerts;

import io.netwatch.testing.Await;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alerts tests' side of the platform's web port: calls as a viewer (session cookie), as an admin (bearer token)
 * or with any Authorization header; what it publishes on an address; rows put straight into its database.
 */
final class WebApi {
  static final String ADMIN = "Bearer " + PlatformUnderTest.ADMIN_TOKEN;

  private final PlatformUnderTest platform;
  private final String session;

  /** Logs in as a viewer: {@code platform} runs with VIEWER_TOKEN set. */
  WebApi(PlatformUnderTest platform) {
    this.platform = platform;
    this.session = platform.login();
  }

  HttpResponse<Buffer> viewerGet(String uri) {
    return Await.result(platform.web(HttpMethod.GET, uri).putHeader("Cookie", session).send(), 10);
  }

  HttpResponse<Buffer> admin(HttpMethod method, String uri, String body) {
    return call(method, uri, ADMIN, body);
  }

  /** A request with this Authorization header (none when null) and body (none when null), without a session. */
  HttpResponse<Buffer> call(HttpMethod method, String uri, String authorization, String body) {
    HttpRequest<Buffer> request = platform.web(method, uri);
    if (authorization != null) request.putHeader("Authorization", authorization);
    if (body == null) return Await.result(request.send(), 10);
    return Await.result(request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)), 10);
  }

  /** An error answer: its status and the field it names. */
  static void assertError(HttpResponse<Buffer> response, int status, String field) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(response.bodyAsJsonObject().getString("field")).as(response.bodyAsString()).isEqualTo(field);
  }

  /** A 401 for a missing or wrong admin token, as /admin answers it. */
  static void assertAdminRefused(HttpResponse<Buffer> response) {
    assertError(response, 401, "Authorization");
    assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
  }

  /** Collects what is published on {@code address} from now on (registered once this returns). */
  List<JsonObject> published(String address) {
    List<JsonObject> bodies = new CopyOnWriteArrayList<>();
    MessageConsumer<JsonObject> consumer = platform.vertx.eventBus().consumer(address, m -> bodies.add(m.body()));
    Await.result(consumer.completion(), 10);
    return bodies;
  }

  /** Runs an INSERT ... RETURNING id (or any query whose first column is a number) on the platform's database. */
  long insert(String sql, Object... params) {
    return platform.database.count(sql, params);
  }
}
