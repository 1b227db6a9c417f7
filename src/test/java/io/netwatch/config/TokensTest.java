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
        "anomaly_worker_token", LONG_WORKER, "admin_token", LONG_ADMIN));
    assertThat(ok.warnings()).isEmpty();
    assertThat(ok.config()).containsEntry("ingestion_token", LONG_INGEST);
  }
}
