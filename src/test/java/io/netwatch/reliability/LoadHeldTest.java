package io.netwatch.reliability;

import io.netwatch.testing.Await;
import io.netwatch.testing.ChildPlatform;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole platform in its own JVM with -Xmx512m under 3,000 packets/s for a minute: every request is
 * answered 200, every packet is stored, and the heap stays well inside its limit.
 */
@Tag("slow")
@DisplayName("Load held: a minute at 3,000 packets/s with -Xmx512m")
class LoadHeldTest {
  static final Pattern HEAP_USED = Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\",id=\"([^\"]+)\"[^}]*\\} ([0-9.E]+)");

  @Platform
  PlatformUnderTest platform;

  @Test
  void oneMinuteAtThreeThousandPerSecond() {
    try (ChildPlatform node = new ChildPlatform("load", platform.config(), List.of("-Xmx512m"), List.of())) {
      node.awaitStarted();
      int ingestPort = node.ingestPort();
      int webPort = node.webPort();
      String batch = "[" + String.join(",", java.util.Collections.nCopies(30,
          "{\"src_ip\":\"10.1.2.3\",\"dst_ip\":\"10.3.2.1\",\"protocol\":\"TCP\",\"dst_port\":4444,\"tcp_flags\":2,"
              + "\"ttl\":64,\"payload_hex\":\"00112233445566778899\",\"pkt_rate\":20000}")) + "]";
      AtomicLong accepted = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      List<Double> heapSamples = new ArrayList<>();
      long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      long tick = 0;
      // 100 requests of 30 packets a second, in 10 ms steps; answers are counted as they come.
      while (System.nanoTime() < end) {
        platform.ingestRequest(ingestPort).sendBuffer(Buffer.buffer(batch))
            .onComplete(ar -> {
              if (ar.succeeded() && ar.result().statusCode() == 200) accepted.addAndGet(30); else failed.incrementAndGet();
            });
        if (++tick % 500 == 0) heapSamples.add(heapUsedMb(platform.http, webPort));
        Await.result(platform.vertx.timer(10));
      }
      within(Duration.ofSeconds(60), () -> assertThat(platform.rows()).isEqualTo(accepted.get()));
      assertThat(failed.get()).isZero();
      assertThat(accepted.get()).isGreaterThan(120_000);
      assertThat(heapSamples).isNotEmpty().allMatch(mb -> mb < 400);
      assertThat(node.output()).doesNotContain("OutOfMemoryError");
      System.out.printf("load held: %d packets accepted and stored, 0 failed, heap samples (MiB) %s%n",
          accepted.get(), heapSamples);
    }
  }

  /** Heap in use, from the platform's own Prometheus metrics. */
  static double heapUsedMb(WebClient http, int port) {
    String metrics = Await.result(http.get(port, "127.0.0.1", "/metrics").send()).bodyAsString();
    double bytes = 0;
    Matcher m = HEAP_USED.matcher(metrics);
    while (m.find()) bytes += Double.parseDouble(m.group(2));
    return bytes / (1024 * 1024);
  }

}
