package io.netwatch.dashboard;

import io.netwatch.testing.Await;
import io.netwatch.testing.CountedMeters;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The old system's sensors post to the web port: INGESTION_PATH there is the ingest port's own handler, with
 * the same token, rules, answers and meters, and no viewer session needed (viewer access is on here).
 */
@DisplayName("Ingest on the web port: the seed packet gets the same answers as on the ingest port and becomes a row")
class WebPortIngestTest {
  static final String SEED_PACKET = "{\"src_ip\":\"10.0.0.5\",\"dst_ip\":\"192.168.1.10\",\"protocol\":\"TCP\","
      + "\"src_port\":51234,\"dst_port\":4444,\"payload_len\":512,\"ttl\":64,\"tcp_flags\":2,"
      + "\"payload_hex\":\"deadbeef\",\"pkt_rate\":15000}";
  static final int MAX_BODY_BYTES = 4096;

  @Platform
  static PlatformUnderTest platform;

  @BeforeAll
  static void deploy() {
    CountedMeters.capture();
    platform.deploy(PlatformUnderTest.withViewerToken(platform.config()).put("max_body_bytes", MAX_BODY_BYTES));
  }

  @AfterAll
  static void removeMeters() {
    CountedMeters.release();
  }

  static HttpResponse<Buffer> post(int port, String body, String authorization, String contentType) {
    HttpRequest<Buffer> request = platform.http.post(port, "127.0.0.1", "/ingest");
    if (authorization != null) request.putHeader("Authorization", authorization);
    if (contentType != null) request.putHeader("Content-Type", contentType);
    return Await.result(request.sendBuffer(Buffer.buffer(body)), 10);
  }

  static double answered(int status) {
    return CountedMeters.count("netwatch.ingest.requests", "status", Integer.toString(status));
  }

  @Test
  @DisplayName("200 with the stream id, and the row is stored: scored 0.75, critical")
  void seedPacketBecomesARow() {
    HttpResponse<Buffer> response = post(platform.webPort(), SEED_PACKET, "Bearer " + PlatformUnderTest.INGEST_TOKEN,
        "application/json");
    assertThat(response.statusCode()).isEqualTo(200);
    String id = response.bodyAsJsonObject().getString("id");
    assertThat(id).matches("\\d+-\\d+");
    within(Duration.ofSeconds(10), () -> assertThat(platform.database.count(
        "SELECT count(*) FROM anomalies WHERE stream_id = ? AND score = 0.75 AND severity = 'critical'", id))
        .isEqualTo(1));
  }

  @Test
  @DisplayName("401, 400, 413, 415, 405 and 200 as on the ingest port: same status and body, counted in the same meters")
  void sameAnswersAsTheIngestPort() {
    String token = "Bearer " + PlatformUnderTest.INGEST_TOKEN;
    String tooLarge = "[" + (SEED_PACKET + ",").repeat(MAX_BODY_BYTES / SEED_PACKET.length()) + SEED_PACKET + "]";
    record Case(String body, String authorization, String contentType, int status) {
    }
    Case[] cases = {
        new Case(SEED_PACKET, null, "application/json", 401),
        new Case(SEED_PACKET, "Bearer wrong-token", "application/json", 401),
        new Case(SEED_PACKET.replace("4444", "70000"), token, "application/json", 400),
        new Case("{\"src_ip\": ", token, "application/json", 400),
        new Case(tooLarge, token, "application/json", 413),
        new Case(SEED_PACKET, token, "text/html", 415),
        new Case(SEED_PACKET, token, null, 200),
    };
    long streamBefore = platform.entriesAdded();
    for (Case c : cases) {
      double countedBefore = answered(c.status());
      HttpResponse<Buffer> fast = post(platform.ingestPort(), c.body(), c.authorization(), c.contentType());
      HttpResponse<Buffer> web = post(platform.webPort(), c.body(), c.authorization(), c.contentType());
      assertThat(web.statusCode()).as(c.toString()).isEqualTo(c.status()).isEqualTo(fast.statusCode());
      JsonObject fastBody = fast.bodyAsJsonObject();
      JsonObject webBody = web.bodyAsJsonObject();
      if (c.status() == 200) {
        assertThat(webBody.fieldNames()).isEqualTo(fastBody.fieldNames());
      } else {
        assertThat(webBody).as(c.toString()).isEqualTo(fastBody);
      }
      assertThat(web.getHeader("WWW-Authenticate")).isEqualTo(fast.getHeader("WWW-Authenticate"));
      // The meter counts an answer once it is written, which may be just after the client has it.
      within(Duration.ofSeconds(5), () ->
          assertThat(answered(c.status()) - countedBefore).as("meter of " + c.status()).isEqualTo(2.0));
    }
    assertThat(platform.entriesAdded()).isEqualTo(streamBefore + 2);

    HttpResponse<Buffer> get = Await.result(platform.web(HttpMethod.GET, "/ingest").send(), 10);
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.getHeader("Allow")).isEqualTo("POST");
  }

  @Test
  @DisplayName("a sensor needs no viewer session, and a viewer session is no ingest token")
  void tokensStayApart() {
    assertThat(platform.get("/api/v1/anomalies").statusCode()).as("viewer access is on").isEqualTo(401);
    String session = platform.login();
    HttpResponse<Buffer> withSessionOnly = Await.result(platform.web(HttpMethod.POST, "/ingest")
        .putHeader("Cookie", session).sendBuffer(Buffer.buffer(SEED_PACKET)), 10);
    assertThat(withSessionOnly.statusCode()).isEqualTo(401);
  }
}
