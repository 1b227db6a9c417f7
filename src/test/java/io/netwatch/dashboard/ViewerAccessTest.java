package io.netwatch.dashboard;

import io.netwatch.testing.Await;
import io.netwatch.testing.BridgeSocket;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With VIEWER_TOKEN set, over HTTP: nothing a viewer reads (page, API, bridge) without a session; the login
 * exchanges the token for an HttpOnly, SameSite=Strict cookie; logout ends it; sensors, external scorers,
 * admins and monitoring keep their own access. (The browser's view: ViewerAccessBrowserTest.)
 */
@DisplayName("Viewer access: a session for the page, the API reads and the bridge; other callers keep their tokens")
class ViewerAccessTest {
  static final String PACKET = "{\"src_ip\":\"10.91.0.1\",\"dst_ip\":\"10.0.0.1\",\"protocol\":\"TCP\","
      + "\"dst_port\":4444,\"tcp_flags\":2,\"pkt_rate\":15000}";

  @Platform
  static PlatformUnderTest platform;

  @BeforeAll
  static void deploy() {
    platform.deploy(PlatformUnderTest.withViewerToken(platform.config()));
  }

  /** A request as the platform's client makes it, but showing redirects instead of following them. */
  static HttpRequest<Buffer> web(HttpMethod method, String uri) {
    return platform.web(method, uri).followRedirects(false);
  }

  static HttpResponse<Buffer> get(String uri, String cookie) {
    var request = web(HttpMethod.GET, uri);
    if (cookie != null) request.putHeader("Cookie", cookie);
    return Await.result(request.send(), 10);
  }

  /** The bridge's WebSocket handshake: the status it is refused with, or 101 when it is accepted. */
  static int bridgeHandshake(String uri, String cookie) {
    WebSocketClient client = platform.vertx.createWebSocketClient();
    try {
      WebSocketConnectOptions options = new WebSocketConnectOptions().setPort(platform.webPort())
          .setHost("127.0.0.1").setURI(uri);
      if (cookie != null) options.addHeader("Cookie", cookie);
      Throwable refused = Await.failure(client.connect(options).compose(ws -> ws.close()));
      if (refused == null) return 101;
      assertThat(refused).isInstanceOf(UpgradeRejectedException.class);
      return ((UpgradeRejectedException) refused).getStatus();
    } finally {
      Await.result(client.close());
    }
  }

  @Test
  @DisplayName("without a session: the page redirects to the login page, the API and the bridge answer 401")
  void nothingWithoutSession() {
    for (String page : List.of("/", "/index.html")) {
      HttpResponse<Buffer> response = get(page, null);
      assertThat(response.statusCode()).as(page).isEqualTo(302);
      assertThat(response.getHeader("Location")).isEqualTo("/login.html");
    }
    for (String uri : List.of("/app.js", "/api/v1/anomalies", "/api/v1/anomalies?limit=1", "/api/v1/stats",
        "/api/v1/anomalies/export", "/api/v1/alerts/export?format=ndjson", "/eventbus/info", "/eventbus/123/abcdef/xhr_streaming", "/webjars/sockjs-client/1.6.1/dist/sockjs.min.js")) {
      HttpResponse<Buffer> response = get(uri, null);
      assertThat(response.statusCode()).as(uri).isEqualTo(401);
      assertThat(response.bodyAsString()).as(uri).doesNotContain("10.91.");
    }
    assertThat(Await.result(web(HttpMethod.POST, "/eventbus/123/abcdef/xhr").send()).statusCode())
        .isEqualTo(401);
    assertThat(bridgeHandshake("/eventbus/websocket", null)).isEqualTo(401);
    assertThat(bridgeHandshake("/eventbus/123/abcdef/websocket", null)).isEqualTo(401);
    assertThat(bridgeHandshake("/eventbus/websocket", "netwatch_session=v1.9999999999999.abc.forged"))
        .isEqualTo(401);
    // The login page and what it needs are open.
    assertThat(get("/login.html", null).statusCode()).isEqualTo(200);
    assertThat(get("/login.js", null).statusCode()).isEqualTo(200);
    assertThat(get("/style.css", null).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a wrong token gets no cookie: 401 for a script, back to the form with ?failed for the form")
  void wrongTokenRefused() {
    HttpResponse<Buffer> json = Await.result(web(HttpMethod.POST, "/login")
        .sendJsonObject(new JsonObject().put("token", "not-the-token")));
    assertThat(json.statusCode()).isEqualTo(401);
    assertThat(json.cookies()).isEmpty();
    HttpResponse<Buffer> form = Await.result(web(HttpMethod.POST, "/login")
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("token", "not-the-token")));
    assertThat(form.statusCode()).isEqualTo(303);
    assertThat(form.getHeader("Location")).isEqualTo("/login.html?failed");
    assertThat(form.cookies()).isEmpty();
    assertThat(Await.result(web(HttpMethod.POST, "/login").sendBuffer(Buffer.buffer("{not json")))
        .statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("the login form's answer: a redirect to the dashboard and an HttpOnly, SameSite=Strict session cookie")
  void loginForm() {
    HttpResponse<Buffer> response = Await.result(web(HttpMethod.POST, "/login")
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("token", PlatformUnderTest.VIEWER_TOKEN)));
    assertThat(response.statusCode()).isEqualTo(303);
    assertThat(response.getHeader("Location")).isEqualTo("/");
    assertThat(response.cookies()).hasSize(1);
    String cookie = response.cookies().get(0);
    assertThat(cookie).startsWith("netwatch_session=").containsIgnoringCase("; HttpOnly").contains("SameSite=Strict")
        .contains("Path=/").contains("Max-Age=43200").doesNotContain(PlatformUnderTest.VIEWER_TOKEN);
    String session = cookie.substring(0, cookie.indexOf(';'));
    assertThat(get("/", session).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("with a session: page, API and bridge (rows arrive live); after logout the same cookie is refused")
  void sessionThenLogout() {
    String session = platform.login();
    assertThat(get("/", session).statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/stats", session).statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/anomalies/export", session).statusCode()).isEqualTo(200);
    assertThat(bridgeHandshake("/eventbus/websocket", session)).isEqualTo(101);
    try (BridgeSocket bridge = platform.bridge(session).registerAndWait("anomalies.live")) {
      assertThat(platform.ingest(PACKET).statusCode()).isEqualTo(200);
      within(Duration.ofSeconds(10), () -> assertThat(bridge.frames.toString()).contains("10.91.0.1"));
    }
    within(Duration.ofSeconds(10), () -> assertThat(get("/api/v1/anomalies?src_ip=10.91.0.1", session)
        .bodyAsJsonObject().getJsonArray("anomalies")).isNotEmpty());

    HttpResponse<Buffer> logout = Await.result(web(HttpMethod.POST, "/logout")
        .putHeader("Cookie", session).sendForm(MultiMap.caseInsensitiveMultiMap()));
    assertThat(logout.statusCode()).isEqualTo(303);
    assertThat(logout.getHeader("Location")).isEqualTo("/login.html");
    assertThat(logout.cookies()).anySatisfy(c -> assertThat(c).startsWith("netwatch_session=;").contains("Max-Age=0"));
    assertThat(get("/api/v1/stats", session).statusCode()).isEqualTo(401);
    assertThat(get("/", session).statusCode()).isEqualTo(302);
    assertThat(bridgeHandshake("/eventbus/websocket", session)).isEqualTo(401);
  }

  @Test
  @DisplayName("sensors, external scorers, admins and monitoring need no session")
  void otherCallersKeepTheirTokens() {
    assertThat(platform.ingest(PACKET).statusCode()).isEqualTo(200);
    JsonObject result = new JsonObject(PACKET).put("score", 0.5);
    assertThat(Await.result(web(HttpMethod.POST, "/api/v1/anomalies")
        .putHeader("X-Worker-Token", PlatformUnderTest.WORKER_TOKEN).sendJsonObject(result)).statusCode())
        .isEqualTo(201);
    assertThat(Await.result(web(HttpMethod.POST, "/api/v1/anomalies").sendJsonObject(result))
        .statusCode()).isEqualTo(401);
    assertThat(Await.result(web(HttpMethod.GET, "/admin/verticles")
        .putHeader("Authorization", "Bearer " + PlatformUnderTest.ADMIN_TOKEN).send()).statusCode()).isEqualTo(200);
    assertThat(get("/health", null).statusCode()).isEqualTo(200);
    assertThat(get("/ready", null).statusCode()).isIn(200, 503);
    // (500 here only because tests run without a metrics backend; the launcher always has one.)
    assertThat(get("/metrics", null).statusCode()).isNotIn(401, 302);
    // A viewer's session is not an admin token.
    assertThat(Await.result(web(HttpMethod.GET, "/admin/verticles")
        .putHeader("Cookie", platform.login()).send()).statusCode()).isEqualTo(401);
  }
}
