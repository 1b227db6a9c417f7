package io.netwatch.pipeline;

import io.netwatch.testing.Await;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/** The whole platform in one JVM against the real Redis and PostgreSQL, driven over HTTP and the bus. */
@DisplayName("Pipeline: ingest → stream → score → PostgreSQL → anomalies.new")
class PipelineTest {
  /** The old design's example packet: suspicious port, SYN only, 15000 packets/s. */
  static final String SEED_PACKET = "{\"src_ip\":\"10.0.0.5\",\"dst_ip\":\"192.168.1.10\",\"protocol\":\"TCP\","
      + "\"src_port\":51234,\"dst_port\":4444,\"payload_len\":512,\"ttl\":64,\"tcp_flags\":2,"
      + "\"payload_hex\":\"deadbeef\",\"pkt_rate\":15000}";

  @Platform(deployed = true)
  static PlatformUnderTest platform;

  static HttpResponse<Buffer> ingest(String body, String contentType, String authorization) {
    var request = platform.http.post(platform.ingestPort(), "127.0.0.1", "/ingest");
    if (contentType != null) request.putHeader("Content-Type", contentType);
    if (authorization != null) request.putHeader("Authorization", authorization);
    return Await.result(request.sendBuffer(Buffer.buffer(body)), 10);
  }

  static HttpResponse<Buffer> ingest(String body) {
    return ingest(body, "application/json", "Bearer " + PlatformUnderTest.INGEST_TOKEN);
  }

  @Test
  @DisplayName("the seed packet is stored with score 0.75, critical, three reasons, published and acknowledged")
  void seedPacketEndToEnd() throws Exception {
    CompletableFuture<JsonObject> published = new CompletableFuture<>();
    MessageConsumer<JsonObject> consumer = platform.vertx.eventBus().consumer("anomalies.new", message -> {
      for (Object row : message.body().getJsonArray("anomalies")) {
        if (((JsonObject) row).getInteger("dst_port") == 4444) published.complete((JsonObject) row);
      }
    });
    Await.result(consumer.completion(), 5);

    HttpResponse<Buffer> response = ingest(SEED_PACKET);

    assertThat(response.statusCode()).isEqualTo(200);
    String id = response.bodyAsJsonObject().getString("id");
    assertThat(id).matches("\\d+-\\d+");

    JsonObject row = published.get(10, TimeUnit.SECONDS);
    assertThat(row.getString("stream_id")).isEqualTo(id);
    assertThat(row.getDouble("score")).isEqualTo(0.75);
    assertThat(row.getString("severity")).isEqualTo("critical");
    assertThat(row.getJsonArray("reasons")).containsExactly("suspicious_port", "syn_only", "high_rate");
    assertThat(row.getLong("id")).isPositive();

    assertThat(platform.database.count("SELECT count(*) FROM anomalies WHERE stream_id = ? AND score = 0.75"
        + " AND severity = 'critical' AND src_ip = '10.0.0.5'::inet", id)).isEqualTo(1);
    JsonArray listed = platform.get("/api/v1/anomalies?limit=50").bodyAsJsonObject().getJsonArray("anomalies");
    assertThat(listed.stream().map(o -> ((JsonObject) o).getString("stream_id"))).contains(id);
    within(Duration.ofSeconds(5), () -> assertThat(platform.pendingCount()).isZero());
    consumer.unregister();
  }

  @Test
  @DisplayName("the rows published on anomalies.new are the rows the history API reads back, field for field")
  void publishedRowsAreTheStoredRows() throws Exception {
    String[] bodies = {
        SEED_PACKET.replace("10.0.0.5", "10.77.0.1"),
        "{\"src_ip\":\"10.77.0.2\",\"dst_ip\":\"10.9.9.2\",\"protocol\":\"UDP\"}", // no ttl, no payload
        SEED_PACKET.replace("10.0.0.5", "2001:DB8:0:0:0:0:0:77").replace("192.168.1.10", "::ffff:10.1.2.3")};
    java.util.Map<String, JsonObject> published = new java.util.concurrent.ConcurrentHashMap<>();
    MessageConsumer<JsonObject> consumer = platform.vertx.eventBus().consumer("anomalies.new", message -> {
      for (Object row : message.body().getJsonArray("anomalies")) {
        published.put(((JsonObject) row).getString("stream_id"), ((JsonObject) row).copy());
      }
    });
    Await.result(consumer.completion(), 5);
    java.util.List<String> ids = new java.util.ArrayList<>();
    for (String body : bodies) {
      HttpResponse<Buffer> response = ingest(body);
      assertThat(response.statusCode()).isEqualTo(200);
      ids.add(response.bodyAsJsonObject().getString("id"));
    }
    within(Duration.ofSeconds(10), () -> assertThat(published.keySet()).containsAll(ids));
    consumer.unregister();
    JsonArray listed = platform.get("/api/v1/anomalies?limit=200").bodyAsJsonObject().getJsonArray("anomalies");
    for (String id : ids) {
      JsonObject stored = listed.stream().map(o -> (JsonObject) o).filter(o -> id.equals(o.getString("stream_id")))
          .findFirst().orElseThrow();
      // Through JSON, as browsers get both: the API's numbers are decoded as the narrowest type.
      assertThat(new JsonObject(published.get(id).encode())).as(id).isEqualTo(stored);
    }
    assertThat(published.get(ids.get(2)).getString("src_ip")).isEqualTo("2001:db8::77");
  }

  @Test
  @DisplayName("a packet sent without ttl is stored with ttl null, and no abnormal_ttl")
  void ttlNotSent() {
    HttpResponse<Buffer> response = ingest("{\"src_ip\":\"10.9.9.1\",\"dst_ip\":\"10.9.9.2\",\"protocol\":\"UDP\"}");
    assertThat(response.statusCode()).isEqualTo(200);
    String id = response.bodyAsJsonObject().getString("id");
    within(Duration.ofSeconds(10), () -> assertThat(platform.database.count(
        "SELECT count(*) FROM anomalies WHERE stream_id = ? AND ttl IS NULL AND score = 0 AND reasons = '{}'", id))
        .isEqualTo(1));
    JsonObject row = platform.get("/api/v1/anomalies?src_ip=10.9.9.1").bodyAsJsonObject().getJsonArray("anomalies")
        .getJsonObject(0);
    assertThat(row.containsKey("ttl")).isTrue();
    assertThat(row.getValue("ttl")).isNull();
  }

  @Test
  @DisplayName("without the right bearer token: 401 and nothing is written")
  void unauthorized() {
    long before = platform.entriesAdded();
    assertThat(ingest(SEED_PACKET, "application/json", null).statusCode()).isEqualTo(401);
    assertThat(ingest(SEED_PACKET, "application/json", "Bearer wrong-token").statusCode()).isEqualTo(401);
    assertThat(ingest(SEED_PACKET, "application/json", PlatformUnderTest.INGEST_TOKEN).statusCode()).isEqualTo(401);
    HttpResponse<Buffer> response = ingest(SEED_PACKET, "application/json", "Basic " + PlatformUnderTest.INGEST_TOKEN);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.bodyAsJsonObject().getString("error")).isNotBlank();
    assertThat(platform.entriesAdded()).isEqualTo(before);
  }

  @Test
  @DisplayName("bad JSON or a bad field: 400 naming the field, nothing written")
  void badInput() {
    long before = platform.entriesAdded();
    HttpResponse<Buffer> badJson = ingest("{\"src_ip\": ");
    assertThat(badJson.statusCode()).isEqualTo(400);
    assertThat(badJson.bodyAsJsonObject().getString("field")).isEqualTo("body");

    HttpResponse<Buffer> badPort = ingest(SEED_PACKET.replace("\"dst_port\":4444", "\"dst_port\":70000"));
    assertThat(badPort.statusCode()).isEqualTo(400);
    assertThat(badPort.bodyAsJsonObject().getString("field")).isEqualTo("dst_port");
    assertThat(badPort.bodyAsJsonObject().getString("error")).contains("dst_port");

    HttpResponse<Buffer> hostName = ingest(SEED_PACKET.replace("\"10.0.0.5\"", "\"localhost\""));
    assertThat(hostName.statusCode()).isEqualTo(400);
    assertThat(hostName.bodyAsJsonObject().getString("field")).isEqualTo("src_ip");

    assertThat(ingest("\"just a string\"").statusCode()).isEqualTo(400);
    assertThat(ingest("").statusCode()).isEqualTo(400);
    assertThat(ingest("[]").statusCode()).isEqualTo(400);
    assertThat(ingest(SEED_PACKET, "text/html", "Bearer " + PlatformUnderTest.INGEST_TOKEN).statusCode())
        .isEqualTo(415);
    assertThat(platform.entriesAdded()).isEqualTo(before);
  }

  @Test
  @DisplayName("a body over the limit: 413")
  void tooLarge() {
    String huge = "[" + (SEED_PACKET + ",").repeat(30_000) + SEED_PACKET + "]";
    HttpResponse<Buffer> response = ingest(huge);
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.bodyAsJsonObject().getString("error")).contains("limit");
  }

  @Test
  @DisplayName("a JSON array or NDJSON batch is accepted whole; one bad packet rejects all of it")
  void batches() {
    long before = platform.entriesAdded();
    HttpResponse<Buffer> array = ingest("[" + SEED_PACKET + "," + SEED_PACKET + "," + SEED_PACKET + "]");
    assertThat(array.statusCode()).isEqualTo(200);
    assertThat(array.bodyAsJsonObject().getInteger("accepted")).isEqualTo(3);
    assertThat(array.bodyAsJsonObject().getJsonArray("ids")).hasSize(3);

    HttpResponse<Buffer> ndjson = ingest(SEED_PACKET + "\n" + SEED_PACKET + "\n", "application/x-ndjson",
        "Bearer " + PlatformUnderTest.INGEST_TOKEN);
    assertThat(ndjson.statusCode()).isEqualTo(200);
    assertThat(ndjson.bodyAsJsonObject().getInteger("accepted")).isEqualTo(2);
    assertThat(platform.entriesAdded()).isGreaterThanOrEqualTo(before + 5);

    long afterGood = platform.entriesAdded();
    HttpResponse<Buffer> oneBad = ingest("[" + SEED_PACKET + "," + SEED_PACKET.replace("\"ttl\":64", "\"ttl\":300")
        + "]");
    assertThat(oneBad.statusCode()).isEqualTo(400);
    assertThat(oneBad.bodyAsJsonObject().getInteger("index")).isEqualTo(1);
    assertThat(oneBad.bodyAsJsonObject().getString("field")).isEqualTo("ttl");
    assertThat(platform.entriesAdded()).isEqualTo(afterGood);

    within(Duration.ofSeconds(10), () -> assertThat(platform.rows()).isGreaterThanOrEqualTo(5));
  }

  @Test
  @DisplayName("history API: newest first, severity filter, keyset paging, 400 on bad parameters")
  void historyApi() {
    for (int i = 0; i < 4; i++) {
      assertThat(ingest(SEED_PACKET.replace("\"dst_port\":4444", "\"dst_port\":" + (100 + i))).statusCode())
          .isEqualTo(200);
    }
    within(Duration.ofSeconds(10), () ->
        assertThat(platform.database.count("SELECT count(*) FROM anomalies WHERE dst_port BETWEEN 100 AND 103"))
            .isEqualTo(4));

    JsonObject page = platform.get("/api/v1/anomalies?limit=2&severity=medium").bodyAsJsonObject();
    JsonArray rows = page.getJsonArray("anomalies");
    assertThat(rows).hasSize(2);
    assertThat(rows.getJsonObject(0).getLong("id")).isGreaterThan(rows.getJsonObject(1).getLong("id"));
    assertThat(rows.stream().map(r -> ((JsonObject) r).getString("severity"))).containsOnly("medium");
    long next = page.getLong("next_before_id");
    assertThat(next).isEqualTo(rows.getJsonObject(1).getLong("id"));
    JsonArray older = platform.get("/api/v1/anomalies?limit=2&severity=medium&before_id=" + next).bodyAsJsonObject()
        .getJsonArray("anomalies");
    assertThat(older).isNotEmpty();
    assertThat(older.getJsonObject(0).getLong("id")).isLessThan(next);

    assertThat(platform.get("/api/v1/anomalies?limit=0").statusCode()).isEqualTo(400);
    assertThat(platform.get("/api/v1/anomalies?severity=bogus").bodyAsJsonObject().getString("field"))
        .isEqualTo("severity");
    assertThat(platform.get("/api/v1/anomalies?src_ip=not-an-ip").statusCode()).isEqualTo(400);
    assertThat(platform.get("/api/v1/anomalies?since=yesterday").statusCode()).isEqualTo(400);
    assertThat(platform.get("/api/v1/anomalies?src_ip=10.0.0.5&since=2000-01-01T00:00:00Z").statusCode())
        .isEqualTo(200);
  }

  @Test
  @DisplayName("external scorer results: 201 stored, 200 on resubmission, 401 without token, 422 when invalid")
  void externalResults() {
    String result = SEED_PACKET.replace("}", ",\"score\":0.9,\"reasons\":[\"ml_model\"],\"stream_id\":\"ext-test-1\"}");
    var post = (java.util.function.BiFunction<String, String, HttpResponse<Buffer>>) (body, token) -> {
      var request = platform.web(HttpMethod.POST, "/api/v1/anomalies");
      if (token != null) request.putHeader("X-Worker-Token", token);
      return Await.result(request.sendBuffer(Buffer.buffer(body)), 10);
    };
    HttpResponse<Buffer> created = post.apply(result, PlatformUnderTest.WORKER_TOKEN);
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.bodyAsJsonObject().getString("severity")).isEqualTo("critical");
    assertThat(post.apply(result, PlatformUnderTest.WORKER_TOKEN).statusCode()).isEqualTo(200);
    assertThat(platform.database.count("SELECT count(*) FROM anomalies WHERE stream_id = 'ext-test-1'"
        + " AND reasons = '{ml_model}'")).isEqualTo(1);

    assertThat(post.apply(result, null).statusCode()).isEqualTo(401);
    assertThat(post.apply(result, "wrong").statusCode()).isEqualTo(401);
    HttpResponse<Buffer> noScore = post.apply(SEED_PACKET, PlatformUnderTest.WORKER_TOKEN);
    assertThat(noScore.statusCode()).isEqualTo(422);
    assertThat(noScore.bodyAsJsonObject().getString("field")).isEqualTo("score");
    assertThat(post.apply("{nope", PlatformUnderTest.WORKER_TOKEN).statusCode()).isEqualTo(422);
  }

  @Test
  @DisplayName("health, readiness and the dashboard page are served")
  void webEndpoints() {
    assertThat(platform.get("/health").statusCode()).isEqualTo(200);
    HttpResponse<Buffer> ready = platform.get("/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject().getString("outcome")).isEqualTo("UP");
    HttpResponse<Buffer> page = platform.get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.bodyAsString()).contains("netwatch");
    assertThat(page.getHeader("Content-Security-Policy")).contains("default-src 'self'");
    assertThat(platform.get("/webjars/sockjs-client/1.6.1/dist/sockjs.min.js").statusCode()).isEqualTo(200);
  }
}
