package io.netwatch.detection;

import io.netwatch.testing.Await;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 24: a spoofed-source SYN flood with a scan and a sweep hidden in it, under a 1 MB memcap. */
@DisplayName("Bounded detection state: a spoofed flood stays under the memcap, the hidden scan and sweep still engage")
class HostileMixTest {
  static final long MEMCAP_BYTES = 1024 * 1024;

  @Platform
  PlatformUnderTest platform;

  @Test
  @DisplayName("6,000 SYNs from random sources to one host + a 20-port scan + a 30-host sweep: three alerts, < 1 MB")
  void hostileMix() {
    JsonObject config = platform.config().put("detection_memcap_mb", 1);
    config.getJsonObject("detection").put("detectors", new JsonObject()
        .put("syn_flood", new JsonObject().put("threshold", 1000)));
    platform.deploy(config);

    Random random = new Random(24);
    List<JsonObject> packets = new ArrayList<>();
    for (int i = 0; i < 6000; i++) {
      String spoofed = "10." + (100 + random.nextInt(100)) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
      packets.add(DetectionTest.packet(spoofed, "10.60.0.1", 80, DetectionTest.SYN));
    }
    for (int port = 1000; port < 1020; port++) packets.add(DetectionTest.packet("10.60.1.1", "10.60.1.2", port, DetectionTest.SYN));
    for (int host = 1; host <= 30; host++) packets.add(DetectionTest.packet("10.60.2.1", "10.61.0." + host, 22, DetectionTest.SYN));
    Collections.shuffle(packets, random);
    for (int i = 0; i < packets.size(); i += 250) {
      HttpResponse<Buffer> response = platform.ingest(new JsonArray(List.copyOf(
          packets.subList(i, Math.min(packets.size(), i + 250)))).encode());
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    }
    within(Duration.ofSeconds(60), () -> assertThat(platform.allAcknowledged()).isTrue());

    assertThat(platform.database.count("SELECT count(*) FROM anomalies")).isEqualTo(packets.size());
    assertThat(platform.database.count("SELECT count(*) FROM alerts WHERE detector = 'syn_flood'"
        + " AND alert_key = '10.60.0.1'")).isEqualTo(1);
    assertThat(platform.database.count("SELECT count(*) FROM alerts WHERE detector = 'port_scan'"
        + " AND alert_key = '10.60.1.1>10.60.1.2'")).isEqualTo(1);
    assertThat(platform.database.count("SELECT count(*) FROM alerts WHERE detector = 'host_sweep'"
        + " AND alert_key = '10.60.2.1>:22'")).isEqualTo(1);
    assertThat(platform.database.count("SELECT count(*) FROM alerts")).as("no alert for a spoofed source").isEqualTo(3);

    assertThat(detectionBytes()).isPositive().isLessThan(MEMCAP_BYTES);
    HttpResponse<Buffer> ready = Await.result(platform.http.request(HttpMethod.GET, platform.managementPort(),
        "127.0.0.1", "/ready").send(), 10);
    JsonObject detection = ready.bodyAsJsonObject().getJsonArray("checks").stream().map(c -> (JsonObject) c)
        .filter(c -> c.getString("id").equals("detection")).findFirst().orElseThrow().getJsonObject("data");
    assertThat(detection.getString("mode")).as(detection.encode()).isEqualTo("emergency");
    assertThat(detection.getLong("memcap_bytes")).isEqualTo(MEMCAP_BYTES);
  }

  /** Redis's own measure (MEMORY USAGE) of every key of this platform's detectors. */
  long detectionBytes() {
    long total = 0;
    String cursor = "0";
    do {
      Response page = platform.redis(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH")
          .arg("{det:" + platform.stream + ":*").arg("COUNT").arg(1000));
      cursor = page.get(0).toString();
      for (Response key : page.get(1)) {
        Response usage = platform.redis(Request.cmd(Command.MEMORY).arg("USAGE").arg(key.toString()).arg("SAMPLES").arg(0));
        if (usage != null) total += usage.toLong();
      }
    } while (!cursor.equals("0"));
    return total;
  }
}
