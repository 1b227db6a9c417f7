package io.netwatch.ops;

import io.netwatch.testing.Await;
import io.netwatch.testing.ChildPlatform;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.netwatch.testing.Promtool;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scrapes a running platform (a JVM of its own, started as the launcher starts it, so with its metrics
 * registry) once every netwatch meter exists, and runs Prometheus's own linter, {@code promtool check
 * metrics}, on it: nothing may be said about a netwatch_ metric ({@link Promtool}: skipped with a message
 * without promtool, except with -Dpromtool.required=true, as in CI).
 */
@Tag("slow")
@DisplayName("/metrics: every netwatch meter has HELP text and passes promtool check metrics")
class MetricsLintTest {
  static final String PACKET = "{\"src_ip\":\"10.9.8.7\",\"dst_ip\":\"10.7.8.9\",\"protocol\":\"TCP\",\"dst_port\":4444,"
      + "\"tcp_flags\":2,\"ttl\":64}";

  @Platform
  PlatformUnderTest platform;

  @Test
  @DisplayName("promtool check metrics finds nothing to say about any netwatch_ metric")
  void promtoolFindsNothing() throws Exception {
    Promtool promtool = Promtool.required();
    try (ChildPlatform node = new ChildPlatform("metrics", platform.config()).awaitStarted()) {
      int ingestPort = node.ingestPort();
      // Answers of several statuses, and a row committed: every meter of every role then exists.
      assertThat(Await.result(platform.ingestRequest(ingestPort).sendBuffer(Buffer.buffer(PACKET))).statusCode())
          .isEqualTo(200);
      assertThat(Await.result(platform.http.post(ingestPort, "127.0.0.1", "/ingest").send()).statusCode())
          .isEqualTo(401);
      assertThat(Await.result(platform.ingestRequest(ingestPort).sendBuffer(Buffer.buffer("{"))).statusCode())
          .isEqualTo(400);
      AtomicReference<String> metrics = new AtomicReference<>();
      within(Duration.ofSeconds(30), () -> {
        metrics.set(Await.result(platform.http.get(node.managementPort(), "127.0.0.1", "/metrics").send())
            .bodyAsString());
        for (String meter : Metrics.HELP.keySet()) {
          // Prometheus names: dots become underscores; counters end in _total, timers in _seconds.
          assertThat(metrics.get()).containsPattern("(?m)^# HELP " + meter.replace('.', '_') + "(_total|_seconds)? \\S");
        }
      });

      List<String> complaints = promtool.run(metrics.get(), "check", "metrics").lines();
      System.out.println("promtool check metrics:\n" + String.join("\n", complaints));
      assertThat(complaints).noneMatch(line -> line.contains("netwatch_"))
          .noneMatch(line -> line.startsWith("error while linting"));
    }
  }
}
