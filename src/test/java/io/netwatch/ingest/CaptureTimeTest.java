package io.netwatch.ingest;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.netwatch.testing.Await;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/** The platform in one JVM, real Redis and PostgreSQL: a packet's ts and sensor from the request to every reader. */
@DisplayName("Capture time and sensor: ingest → stream → row → API, live feed and export")
class CaptureTimeTest {
  @Platform
  static PlatformUnderTest platform;

  @BeforeAll
  static void deploy() {
    platform.deploy(platform.config().put("max_clock_skew_s", 60));
  }

  static String packet(String src, String extra) {
    return "{\"src_ip\":\"" + src + "\",\"dst_ip\":\"10.8.0.1\",\"protocol\":\"TCP\",\"dst_port\":80" + extra + "}";
  }

  static HttpResponse<Buffer> ingest(String body) {
    return platform.ingest(body);
  }

  static JsonObject apiRow(JsonArray rows, String streamId) {
    return rows.stream().map(o -> (JsonObject) o).filter(o -> streamId.equals(o.getString("stream_id")))
        .findFirst().orElseThrow(() -> new AssertionError("no row " + streamId + " in " + rows));
  }

  @Test
  @DisplayName("ts (RFC 3339 or epoch µs) and sensor are stored exactly, published, listed and exported")
  void captureTimeReachesEveryReader() {
    Instant yesterday = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS).plusNanos(123_457_000);
    long yesterdayMicros = yesterday.getEpochSecond() * 1_000_000L + 123_457;
    Map<String, JsonObject> published = new ConcurrentHashMap<>();
    MessageConsumer<JsonObject> consumer = platform.vertx.eventBus().consumer("anomalies.new", message -> {
      for (Object row : message.body().getJsonArray("anomalies")) {
        published.put(((JsonObject) row).getString("stream_id"), ((JsonObject) row).copy());
      }
    });
    Await.result(consumer.completion(), 5);

    String text = ingest(packet("10.61.0.1", ",\"ts\":\"" + yesterday + "\",\"sensor\":\"tap-é 1\""))
        .bodyAsJsonObject().getString("id");
    JsonArray batch = ingest("[" + packet("10.61.0.2", ",\"ts\":" + yesterdayMicros + ",\"sensor\":\"=cmd\"") + ","
        + packet("10.61.0.3", "") + "]").bodyAsJsonObject().getJsonArray("ids");
    String number = batch.getString(0);
    String plain = batch.getString(1);
    List<String> ids = List.of(text, number, plain);
    within(Duration.ofSeconds(10), () -> assertThat(published.keySet()).containsAll(ids));
    consumer.unregister();

    for (String id : List.of(text, number)) {
      assertThat(platform.database.count("SELECT (extract(epoch FROM captured_at) * 1000000)::int8 FROM anomalies"
          + " WHERE stream_id = ?", id)).as("captured_at of %s, to the microsecond", id).isEqualTo(yesterdayMicros);
    }
    assertThat(platform.database.text("SELECT sensor FROM anomalies WHERE stream_id = ?", text)).isEqualTo("tap-é 1");
    assertThat(platform.database.count("SELECT count(*) FROM anomalies WHERE stream_id = ? AND captured_at IS NULL"
        + " AND sensor IS NULL", plain)).isEqualTo(1);

    JsonArray listed = platform.get("/api/v1/anomalies?limit=100").bodyAsJsonObject().getJsonArray("anomalies");
    JsonObject row = apiRow(listed, text);
    assertThat(row.getString("captured_at")).isEqualTo(yesterday.toString());
    assertThat(row.getString("sensor")).isEqualTo("tap-é 1");
    assertThat(Instant.parse(row.getString("received_at"))).isAfter(yesterday.plus(Duration.ofHours(23)));
    assertThat(apiRow(listed, plain).containsKey("captured_at")).isTrue();
    assertThat(apiRow(listed, plain).getString("captured_at")).isNull();
    for (String id : ids) {
      assertThat(new JsonObject(published.get(id).encode())).as("published row %s is the listed row", id)
          .isEqualTo(apiRow(listed, id));
    }

    String range = "since=" + Instant.now().minus(Duration.ofHours(1)) + "&until=" + Instant.now().plusSeconds(60);
    String ndjson = platform.get("/api/v1/anomalies/export?format=ndjson&src_ip=10.61.0.2&" + range).bodyAsString();
    JsonObject exported = new JsonObject(ndjson.strip());
    assertThat(exported.getString("captured_at")).isEqualTo(yesterday.toString());
    assertThat(exported.getString("sensor")).isEqualTo("=cmd");
    String csv = platform.get("/api/v1/anomalies/export?format=csv&src_ip=10.61.0.2&" + range).bodyAsString();
    List<List<String>> csvRows = parseCsv(csv);
    assertThat(csvRows.get(0)).endsWith("received_at", "created_at", "captured_at", "sensor");
    assertThat(csvRows.get(1)).endsWith(yesterday.toString(), "'=cmd"); // a formula-looking name is defused
  }

  static List<List<String>> parseCsv(String body) {
    CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
    try (MappingIterator<List<String>> rows = mapper.readerFor(List.class).readValues(body)) {
      return rows.readAll();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  @DisplayName("a ts over MAX_CLOCK_SKEW_S ahead or before 2000, a bad sensor: 400 naming the field; a batch writes nothing")
  void refusedCaptureFields() {
    long before = platform.entriesAdded();
    Instant tooFar = Instant.now().plusSeconds(120);
    HttpResponse<Buffer> future = ingest(packet("10.62.0.1", ",\"ts\":\"" + tooFar + "\""));
    assertThat(future.statusCode()).isEqualTo(400);
    assertThat(future.bodyAsJsonObject().getString("field")).isEqualTo("ts");
    assertThat(future.bodyAsJsonObject().getString("error")).contains("60 s ahead");

    HttpResponse<Buffer> old = ingest(packet("10.62.0.1", ",\"ts\":1700000000"));
    assertThat(old.statusCode()).isEqualTo(400);
    assertThat(old.bodyAsJsonObject().getString("error")).contains("before 2000");

    long nowMicros = System.currentTimeMillis() * 1000;
    HttpResponse<Buffer> batch = ingest("[" + packet("10.62.0.2", ",\"ts\":" + nowMicros) + ","
        + packet("10.62.0.3", ",\"sensor\":\"tab\\there\"") + "]");
    assertThat(batch.statusCode()).isEqualTo(400);
    assertThat(batch.bodyAsJsonObject().getInteger("index")).isEqualTo(1);
    assertThat(batch.bodyAsJsonObject().getString("field")).isEqualTo("sensor");

    HttpResponse<Buffer> ndjson = Await.result(platform.ingestRequest().putHeader("Content-Type", "application/x-ndjson")
        .sendBuffer(Buffer.buffer(packet("10.62.0.4", "") + "\n" + packet("10.62.0.5", ",\"ts\":\"soon\"") + "\n")), 10);
    assertThat(ndjson.statusCode()).isEqualTo(400);
    assertThat(ndjson.bodyAsJsonObject().getInteger("index")).isEqualTo(1);
    assertThat(ndjson.bodyAsJsonObject().getString("field")).isEqualTo("ts");
    assertThat(platform.entriesAdded()).as("nothing written").isEqualTo(before);

    HttpResponse<Buffer> slightlyAhead = ingest(packet("10.62.0.6", ",\"ts\":" + (nowMicros + 30_000_000L)));
    assertThat(slightlyAhead.statusCode()).as("30 s ahead, within the 60 s allowed").isEqualTo(200);
  }
}
