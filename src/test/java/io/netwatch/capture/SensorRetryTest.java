package io.netwatch.capture;

import io.netwatch.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sensor against a real HTTP server that answers as a script says (503 with Retry-After, 400 to gzip,
 * 400 naming a packet), recording what each request carried: the delivery rules that the platform itself
 * only shows under load or from an older version.
 */
class SensorRetryTest {
  record Seen(long atNanos, String contentEncoding, String body) {
  }

  record Answer(int status, String retryAfter, String body) {
  }

  private Vertx vertx;
  private HttpServer server;
  private final Deque<Answer> script = new ArrayDeque<>();
  private final List<Seen> seen = new ArrayList<>();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    server = Await.result(vertx.createHttpServer().requestHandler(this::answer).listen(0, "127.0.0.1"));
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  private void answer(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      String text;
      try {
        text = "gzip".equals(request.getHeader("Content-Encoding"))
            ? new String(new GZIPInputStream(new java.io.ByteArrayInputStream(body.getBytes())).readAllBytes(), StandardCharsets.UTF_8)
            : body.toString();
      } catch (java.io.IOException e) {
        text = "(not gzip)";
      }
      Answer next;
      synchronized (seen) {
        seen.add(new Seen(System.nanoTime(), request.getHeader("Content-Encoding"), text));
        next = script.isEmpty() ? new Answer(200, null, "{\"accepted\":1}") : script.poll();
      }
      var response = request.response().setStatusCode(next.status());
      if (next.retryAfter() != null) response.putHeader("Retry-After", next.retryAfter());
      response.end(next.body());
    });
  }

  private int sensor(String... extra) {
    List<String> args = new ArrayList<>(List.of("--read", Fixtures.path("benign-dns.pcap").toString(), "--ingest",
        "http://127.0.0.1:" + server.actualPort() + "/ingest", "--token", "t", "--quiet"));
    args.addAll(List.of(extra));
    return SensorCommand.run(InputStream.nullInputStream(), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(),
        args.toArray(String[]::new));
  }

  @Test
  void a503WithRetryAfterIsWaitedOutAndTheSameBatchSentAgain() {
    script.add(new Answer(503, "2", "{\"error\":\"backlog\"}"));
    assertThat(sensor("--no-gzip")).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(seen).hasSize(2);
    assertThat(seen.get(1).body()).isEqualTo(seen.get(0).body());
    assertThat(seen.get(1).atNanos() - seen.get(0).atNanos()).as("Retry-After: 2").isGreaterThanOrEqualTo(2_000_000_000L);
  }

  @Test
  void aPartial503SendsAgainOnlyThePacketsItListsStillCompressed() {
    script.add(new Answer(503, "0", "{\"error\":\"1 of 3 packets stored\",\"accepted\":1,"
        + "\"ids\":[null,\"1-0\",null],\"retry\":[0,2]}"));
    script.add(new Answer(503, "0", "{\"error\":\"1 of 2 packets stored\",\"accepted\":1,"
        + "\"ids\":[\"2-0\",null],\"retry\":[1]}"));
    assertThat(sensor("--batch", "3")).as(err.toString(StandardCharsets.UTF_8)).isZero();
    // 6 packets in 2 batches: the first sent whole, then its packets 0 and 2, then its packet 2; the second batch.
    assertThat(seen).hasSize(4);
    io.vertx.core.json.JsonArray first = new io.vertx.core.json.JsonArray(seen.get(0).body());
    assertThat(first).hasSize(3);
    assertThat(new io.vertx.core.json.JsonArray(seen.get(1).body()))
        .isEqualTo(new io.vertx.core.json.JsonArray().add(first.getValue(0)).add(first.getValue(2)));
    assertThat(new io.vertx.core.json.JsonArray(seen.get(2).body()))
        .isEqualTo(new io.vertx.core.json.JsonArray().add(first.getValue(2)));
    assertThat(seen).allMatch(s -> "gzip".equals(s.contentEncoding()));
    assertThat(new io.vertx.core.json.JsonArray(seen.get(3).body())).as("the second batch, whole").hasSize(3);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("ingest stored 1 of 3 packets of batch 0: sending the other 2 again")
        .contains("ingest stored 1 of 2 packets of batch 0: sending the other 1 again");
  }

  @Test
  void batchesAreGzippedAndAPlatformThatCannotReadThemGetsThemPlain() {
    script.add(new Answer(400, null, "{\"error\":\"body is not JSON\",\"field\":\"body\"}"));
    assertThat(sensor("--batch", "1")).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(seen).hasSize(6 + 1);
    assertThat(seen.get(0).contentEncoding()).isEqualTo("gzip");
    assertThat(seen.get(1).contentEncoding()).as("the same batch again, plain").isNull();
    assertThat(seen.get(1).body()).isEqualTo(seen.get(0).body()).startsWith("[{\"src_ip\"");
    // Batches already made when the switch came stay compressed; those made after it are plain.
    assertThat(seen.get(6).contentEncoding()).isNull();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("sending uncompressed from now on");
  }

  @Test
  void aBatchIngestRejectsIsCountedAsLostAndTheNextOneStillGoes() {
    script.add(new Answer(400, null, "{\"error\":\"ttl must be between 0 and 255\",\"field\":\"ttl\",\"index\":0}"));
    assertThat(sensor("--batch", "3", "--no-gzip")).isEqualTo(ExitCodes.PACKETS_LOST);
    assertThat(seen).hasSize(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("INGEST REJECTED a batch of 3 packets")
        .contains("3 packets lost: 0 dropped from the full spool, 3 rejected by ingest");
  }
}
