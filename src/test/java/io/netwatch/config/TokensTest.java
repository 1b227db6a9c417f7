package io.netwatch.config;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Tokens: development fallbacks, production refusals")
class TokensTest {
  static final String LONG_INGEST = "i".repeat(32);
  static final String LONG_WORKER = "w".repeat(40);
  static final String LONG_ADMIN = "a".repeat(64);
  static final String LONG_VIEWER = "v".repeat(32);

  @Test
  @DisplayName("in development missing tokens fall back to the dev tokens, with a warning naming each variable")
  void developmentFallbacks() {
    Tokens.Resolution r = Tokens.resolve(Map.of());
    assertThat(r.config()).containsEntry("ingestion_token", "dev-ingest-token")
        .containsEntry("anomaly_worker_token", "dev-worker-token").containsEntry("admin_token", "dev-admin-token");
    assertThat(r.warnings()).hasSize(3);
    assertThat(String.join("\n", r.warnings())).contains("INGESTION_TOKEN", "ANOMALY_WORKER_TOKEN", "ADMIN_TOKEN");
  }

  @Test
  @DisplayName("configured tokens are kept and never appear in a warning")
  void configuredKept() {
    Tokens.Resolution r = Tokens.resolve(Map.of("ingestion_token", "my-secret-ingest"));
    assertThat(r.config()).containsEntry("ingestion_token", "my-secret-ingest");
    assertThat(r.warnings()).hasSize(2).noneMatch(w -> w.contains("my-secret-ingest"));
  }

  @Test
  @DisplayName("in production a missing or short token stops start-up, naming the variable, never the value")
  void production() {
    assertThatThrownBy(() -> Tokens.resolve(Map.of("platform_env", "production", "anomaly_worker_token", LONG_WORKER,
        "admin_token", LONG_ADMIN)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("INGESTION_TOKEN");
    assertThatThrownBy(() -> Tokens.resolve(Map.of("platform_env", "production", "ingestion_token", LONG_INGEST,
        "anomaly_worker_token", "short-worker-secret", "admin_token", LONG_ADMIN)))
        .hasMessageContaining("ANOMALY_WORKER_TOKEN").hasMessageContaining("32")
        .hasMessageNotContaining("short-worker-secret");
    Tokens.Resolution ok = Tokens.resolve(Map.of("platform_env", "production", "ingestion_token", LONG_INGEST,
        "anomaly_worker_token", LONG_WORKER, "admin_token", LONG_ADMIN, "viewer_token", LONG_VIEWER));
    assertThat(ok.warnings()).isEmpty();
    assertThat(ok.config()).containsEntry("ingestion_token", LONG_INGEST).containsEntry("viewer_token", LONG_VIEWER);
    assertThat(ok.developmentTokens()).isFalse();
  }

  @Test
  @DisplayName("VIEWER_TOKEN: required in production like the others; optional in development, with no fallback")
  void viewerToken() {
    Map<String, Object> production = Map.of("platform_env", "production", "ingestion_token", LONG_INGEST,
        "anomaly_worker_token", LONG_WORKER, "admin_token", LONG_ADMIN);
    assertThatThrownBy(() -> Tokens.resolve(production))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("VIEWER_TOKEN").hasMessageContaining("production");
    Map<String, Object> shortViewer = new java.util.HashMap<>(production);
    shortViewer.put("viewer_token", "short-viewer-secret");
    assertThatThrownBy(() -> Tokens.resolve(shortViewer))
        .hasMessageContaining("VIEWER_TOKEN is too short").hasMessageNotContaining("short-viewer-secret");

    Tokens.Resolution development = Tokens.resolve(Map.of());
    assertThat(development.config()).doesNotContainKey("viewer_token");
    assertThat(Tokens.resolve(Map.of("viewer_token", "dev-viewer")).config()).containsEntry("viewer_token", "dev-viewer");
  }

  @Test
  @DisplayName("development tokens are in use while one token falls back, or is set to a development value")
  void developmentTokensInUse() {
    assertThat(Tokens.resolve(Map.of()).developmentTokens()).isTrue();
    assertThat(Tokens.resolve(Map.of("ingestion_token", "i1", "anomaly_worker_token", "w1")).developmentTokens())
        .isTrue();
    assertThat(Tokens.resolve(Map.of("ingestion_token", "i1", "anomaly_worker_token", "w1",
        "admin_token", "dev-admin-token")).developmentTokens()).isTrue();
    assertThat(Tokens.resolve(Map.of("ingestion_token", "i1", "anomaly_worker_token", "w1", "admin_token", "a1"))
        .developmentTokens()).isFalse();
  }
}
