package io.netwatch.security;

import io.netwatch.testing.Await;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and adversarial bodies against ingest and the external-result API: every answer is a 4xx
 * with a JSON error, nothing from a rejected request is written, and the verticles keep working.
 */
class BadInputProperties {
  static final String VALID = "{\"src_ip\":\"10.0.0.5\",\"dst_ip\":\"192.168.1.10\",\"protocol\":\"TCP\","
      + "\"src_port\":51234,\"dst_port\":4444,\"payload_len\":512,\"ttl\":64,\"tcp_flags\":2,"
      + "\"payload_hex\":\"deadbeef\",\"pkt_rate\":15000}";
  static final List<String> FIELDS = List.of("src_ip", "dst_ip", "protocol", "src_port", "dst_port", "payload_len",
      "ttl", "tcp_flags", "payload_hex", "pkt_rate");

  /** jqwik runs outside JUnit Jupiter's extensions: the platform is created here, as {@code @Platform} would. */
  static PlatformUnderTest platform;

  @BeforeContainer
  static void start() {
    platform = PlatformUnderTest.create();
    platform.deploy(platform.config().put("max_body_bytes", 256 * 1024).put("max_payload_hex", 4096));
  }

  @AfterContainer
  static void stop() {
    try {
      assertStillWorking();
    } finally {
      platform.close();
    }
  }

  static void assertStillWorking() {
    HttpResponse<Buffer> ok = ingest(VALID, "application/json");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(platform.get("/health").statusCode()).isEqualTo(200);
  }

  static HttpResponse<Buffer> ingest(String body, String contentType) {
    var request = platform.ingestRequest();
    if (contentType != null) request.putHeader("Content-Type", contentType);
    return Await.result(request.sendBuffer(Buffer.buffer(body)));
  }

  static void assertClientError(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isBetween(400, 499);
    JsonObject error = response.bodyAsJsonObject();
    assertThat(error.getString("error")).isNotBlank();
  }

  @Property(tries = 300)
  void ingestRejectsBadPacketsAndWritesNothing(@ForAll("badBodies") String body, @ForAll("contentTypes") String type) {
    long before = platform.entriesAdded();
    assertClientError(ingest(body, type));
    assertThat(platform.entriesAdded()).isEqualTo(before);
  }

  @Property(tries = 150)
  void externalResultsRejectBadInputAndStoreNothing(@ForAll("badBodies") String body) {
    long before = platform.rows();
    HttpResponse<Buffer> response = Await.result(platform.web(HttpMethod.POST, "/api/v1/anomalies")
        .putHeader("X-Worker-Token", PlatformUnderTest.WORKER_TOKEN)
        .sendBuffer(Buffer.buffer(body.replace("}", ",\"score\":0.5}"))));
    assertClientError(response);
    assertThat(platform.rows()).isEqualTo(before);
  }

  @Provide
  Arbitrary<String> contentTypes() {
    return Arbitraries.of("application/json", "application/x-ndjson", "application/json; charset=utf-8", null,
        "text/plain", "multipart/form-data; boundary=x", "application/xml", "application/x-www-form-urlencoded");
  }

  @Provide
  Arbitrary<String> badBodies() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(300).filter(s -> !s.isBlank() || s.isEmpty()),
        oneBadField(),
        batchWithOneBadElement(),
        Arbitraries.integers().between(1_000, 5_000).map(depth -> "[".repeat(depth) + "]".repeat(depth)),
        Arbitraries.integers().between(1_000, 5_000).map(depth -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)),
        Arbitraries.of("NaN", "Infinity", "-Infinity", "null", "true", "1e999", "[]", "{}", "\"\"", "[1,2]",
            "[{}]", "{\"src_ip\":\"10.0.0.1\"}", VALID.replace("}", ""), VALID + "]", "\u0000", "\uFEFF" + VALID + "x"));
  }

  static Arbitrary<String> oneBadField() {
    return Combinators.combine(Arbitraries.of(FIELDS), badValues()).as((field, value) -> {
      JsonObject packet = new JsonObject(VALID);
      String json = packet.encode();
      String needle = "\"" + field + "\":";
      int start = json.indexOf(needle) + needle.length();
      int end = json.indexOf(',', start);
      if (end < 0) end = json.indexOf('}', start);
      return json.substring(0, start) + value + json.substring(end);
    }).filter(BadInputProperties::reallyInvalid);
  }

  /** Values that break the contract whatever the field, except the few that happen to fit one. */
  static Arbitrary<String> badValues() {
    return Arbitraries.oneOf(
        Arbitraries.of("NaN", "Infinity", "-Infinity", "1e999", "-1", "65536", "256", "-0.5", "1.5", "1e20",
            "123456789012345678901234567890", "\"\"", "\"80\"", "\"zz\"", "\"abc\"", "\"localhost\"", "\"256.0.0.1\"",
            "\"::g\"", "\"fe80::1%eth0\"", "\"[::1]\"", "[]", "{}", "true", "false", "[1]", "{\"a\":1}", "\"\\u0000\""),
        Arbitraries.strings().withCharRange('g', 'z').ofMinLength(1).ofMaxLength(50).map(s -> "\"" + s + "\""),
        Arbitraries.integers().between(5_000, 20_000).map(n -> "\"" + "a".repeat(n) + "\""));
  }

  static boolean reallyInvalid(String body) {
    try {
      new io.netwatch.model.PacketValidator(4096).validate(io.netwatch.model.PlainJson.map(new JsonObject(body)));
      return false;
    } catch (RuntimeException e) {
      return true;
    }
  }

  static Arbitrary<String> batchWithOneBadElement() {
    return Combinators.combine(Arbitraries.integers().between(1, 20), oneBadField(), Arbitraries.integers())
        .as((size, bad, seed) -> {
          StringBuilder batch = new StringBuilder("[");
          int badIndex = Math.floorMod(seed, size);
          for (int i = 0; i < size; i++) batch.append(i == 0 ? "" : ",").append(i == badIndex ? bad : VALID);
          return batch.append(']').toString();
        });
  }
}
