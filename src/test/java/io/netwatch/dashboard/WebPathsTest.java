package io.netwatch.dashboard;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("WebPaths: INGESTION_PATH must not take over a route of the web port")
class WebPathsTest {
  @Test
  @DisplayName("the old system's paths are free; the page, API, bridge, login, admin and monitoring are not")
  void ingestionPath() {
    assertThat(WebPaths.ingestionPathFree("/ingest")).isTrue();
    assertThat(WebPaths.ingestionPathFree("/telemetry/v2/packets")).isTrue();
    for (String taken : new String[] {"/", "", "ingest", "/api/v1/anomalies", "/eventbus/info", "/admin/x", "/login",
        "/login.html", "/logout", "/health", "/ready", "/metrics", "/index.html", "/app.js", "/js/live-feed.js", "/webjars/x"}) {
      assertThat(WebPaths.ingestionPathFree(taken)).as(taken).isFalse();
    }
    assertThat(WebPaths.ingestionPathFree(null)).isFalse();
  }
}
