package io.netwatch.dashboard;

import io.netwatch.testing.Await;
import io.netwatch.testing.ChildPlatform;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A large export in a platform JVM whose heap is far smaller than the export: it completes with every row, and
 * the heap, sampled from the platform's own /metrics all along, stays flat.
 */
@Tag("slow")
@DisplayName("Export: 200,000 rows stream through a 64 MB heap, with flat heap use (measured)")
class ExportHeapTest {
  static final int ROWS = 200_000;
  static final int HEAP_MB = 64;
  private static final Pattern HEAP_USED = Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} (\\S+)$",
      Pattern.MULTILINE);

  @Platform
  PlatformUnderTest platform;

  @Test
  @DisplayName("every row arrives; heap before, peak and after are measured and the peak stays within a bound")
  void largeExportWithFlatHeap() {
    try (ChildPlatform child = new ChildPlatform("export-heap", platform.config(), List.of("-Xmx" + HEAP_MB + "m"),
        List.of())) {
      child.awaitStarted();
      Instant from = Instant.now().truncatedTo(ChronoUnit.HOURS);
      // ~55 MB of CSV, several hundred MB as rows in memory: far more than the child's heap.
      platform.database.execute("INSERT INTO anomalies (stream_id, src_ip, dst_ip, protocol, src_port, dst_port,"
          + " payload_len, ttl, tcp_flags, pkt_rate, entropy, score, severity, reasons, received_at)"
          + " SELECT 'heap-' || g, ('10.8.' || (g % 200) || '.' || (g % 250))::inet, '192.168.1.10', 'TCP', 40000 + g % 20000,"
          + " 4444, 512, 64, 2, 15000, 3.9, 0.75, 'critical', '{suspicious_port,syn_only,high_rate}', '" + from
          + "'::timestamptz + g * interval '10 milliseconds' FROM generate_series(1, " + ROWS + ") g");
      HttpClient client = platform.vertx.createHttpClient();
      try {
        long before = heapUsed(client, child.webPort());
        AtomicLong peak = new AtomicLong(before);
        long sampler = platform.vertx.setPeriodic(100, id -> heap(client, child.webPort())
            .onSuccess(used -> peak.accumulateAndGet(used, Math::max)));
        long start = System.nanoTime();
        long[] counted = export(client, child.webPort(), "/api/v1/anomalies/export?format=csv&since=" + from
            + "&until=" + from.plus(1, ChronoUnit.HOURS));
        double seconds = (System.nanoTime() - start) / 1e9;
        platform.vertx.cancelTimer(sampler);
        long after = heapUsed(client, child.webPort());

        System.out.printf("export of %d rows, %.1f MB of CSV in %.1f s (%.0f rows/s); child heap (-Xmx%dm) used:"
                + " before %.1f MB, peak %.1f MB, after %.1f MB%n", counted[0] - 1, counted[1] / 1e6, seconds,
            (counted[0] - 1) / seconds, HEAP_MB, before / 1e6, peak.get() / 1e6, after / 1e6);
        assertThat(counted[0]).isEqualTo(ROWS + 1L); // the header and every row
        assertThat(counted[1]).isGreaterThan(HEAP_MB * 1024L * 1024L / 2);
        // Flat: the peak never comes near what buffering the export would take (the whole heap and more).
        assertThat(peak.get() - before).isLessThan(40L * 1024 * 1024);
      } finally {
        Await.result(client.close());
      }
    }
  }

  /** Lines and bytes of the export, read as they come. */
  static long[] export(HttpClient client, int port, String uri) {
    long[] counted = new long[2];
    Promise<Void> ended = Promise.promise();
    client.request(new RequestOptions().setMethod(HttpMethod.GET).setPort(port).setHost("127.0.0.1").setURI(uri))
        .compose(request -> request.send())
        .onSuccess(response -> {
          if (response.statusCode() != 200) ended.tryFail("HTTP " + response.statusCode());
          response.handler(chunk -> {
            counted[1] += chunk.length();
            for (int i = 0; i < chunk.length(); i++) if (chunk.getByte(i) == '\n') counted[0]++;
          });
          response.exceptionHandler(ended::tryFail);
          response.endHandler(v -> ended.tryComplete());
        })
        .onFailure(ended::tryFail);
    Await.result(ended.future(), 300);
    return counted;
  }

  static long heapUsed(HttpClient client, int port) {
    return Await.result(heap(client, port));
  }

  /** The child's heap in use, summed over its heap pools, from its /metrics. */
  static Future<Long> heap(HttpClient client, int port) {
    return client.request(HttpMethod.GET, port, "127.0.0.1", "/metrics")
        .compose(request -> request.send())
        .compose(HttpClientResponse::body)
        .map(Buffer::toString)
        .map(text -> {
          long sum = 0;
          Matcher m = HEAP_USED.matcher(text);
          while (m.find()) sum += (long) Double.parseDouble(m.group(1));
          return sum;
        });
  }
}
