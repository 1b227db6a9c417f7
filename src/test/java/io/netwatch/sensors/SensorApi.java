package io.netwatch.sensors;

import io.netwatch.testing.Await;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The sensor tests' calls: the admin API on a web port, and packets sent with a sensor's token to an ingest port. */
final class SensorApi {
  static final String ADMIN = "Bearer " + PlatformUnderTest.ADMIN_TOKEN;
  static final String PACKET = "{\"src_ip\":\"10.1.2.3\",\"dst_ip\":\"10.3.2.1\",\"protocol\":\"UDP\",\"dst_port\":53}";

  private final PlatformUnderTest platform;
  private final int webPort;
  private final int ingestPort;

  SensorApi(PlatformUnderTest platform) {
    this(platform, platform.webPort(), platform.ingestPort());
  }

  /** Against another node's ports (a ChildPlatform of the same cluster). */
  SensorApi(PlatformUnderTest platform, int webPort, int ingestPort) {
    this.platform = platform;
    this.webPort = webPort;
    this.ingestPort = ingestPort;
  }

  HttpResponse<Buffer> call(HttpMethod method, String uri, String authorization, String body) {
    HttpRequest<Buffer> request = platform.http.request(method, webPort, "127.0.0.1", uri);
    if (authorization != null) request.putHeader("Authorization", authorization);
    if (body == null) return Await.result(request.send(), 10);
    return Await.result(request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)), 10);
  }

  HttpResponse<Buffer> admin(HttpMethod method, String uri, String body) {
    return call(method, uri, ADMIN, body);
  }

  /** Registers a sensor and returns its token. */
  String register(String name, Integer quotaPps) {
    JsonObject body = new JsonObject().put("name", name).put("description", "test sensor " + name);
    if (quotaPps != null) body.put("quota_pps", quotaPps);
    HttpResponse<Buffer> response = admin(HttpMethod.POST, "/api/v1/sensors", body.encode());
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject().getString("token");
  }

  JsonObject sensor(String name) {
    HttpResponse<Buffer> response = call(HttpMethod.GET, "/api/v1/sensors/" + name, null, null);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  /** Posts one packet with this token; the answer's status. */
  int ingest(String token) {
    return ingestResponse(token, PACKET).statusCode();
  }

  HttpResponse<Buffer> ingestResponse(String token, String body) {
    return Await.result(platform.http.post(ingestPort, "127.0.0.1", "/ingest")
        .putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", "application/json")
        .putHeader("User-Agent", "netwatch-sensor/test").sendBuffer(Buffer.buffer(body)), 10);
  }

  static void assertError(HttpResponse<Buffer> response, int status, String field) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.bodyAsJsonObject().getString("field")).as(response.bodyAsString()).isEqualTo(field);
  }
}
