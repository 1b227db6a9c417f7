package io.netwatch.config;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("BindHost: loopback while development tokens are in use, BIND_HOST otherwise")
class BindHostTest {
  static final Map<String, Object> REAL_TOKENS = Map.of("ingestion_token", "i".repeat(32),
      "anomaly_worker_token", "w".repeat(32), "admin_token", "a".repeat(32), "viewer_token", "v".repeat(32));

  static BindHost.Decision decide(Map<String, Object> config) {
    Tokens.Resolution tokens = Tokens.resolve(config);
    return BindHost.decide(new Settings(tokens.config()), tokens.developmentTokens());
  }

  static Map<String, Object> with(Map<String, Object> config, String key, Object value) {
    Map<String, Object> copy = new java.util.HashMap<>(config);
    copy.put(key, value);
    return copy;
  }

  @Test
  @DisplayName("no tokens set: 127.0.0.1 only, and the reason says how to change it")
  void developmentTokensListenOnLoopback() {
    BindHost.Decision decision = decide(Map.of());
    assertThat(decision.host()).isEqualTo("127.0.0.1");
    assertThat(decision.reason()).contains("development tokens").contains("BIND_HOST");
    // One token left to its development value is enough: that one is public.
    assertThat(decide(with(REAL_TOKENS, "admin_token", null)).host()).isEqualTo("127.0.0.1");
  }

  @Test
  @DisplayName("BIND_HOST wins over the development default, with a warning when it leaves loopback")
  void bindHostWins() {
    BindHost.Decision everywhere = decide(Map.of("bind_host", "0.0.0.0"));
    assertThat(everywhere.host()).isEqualTo("0.0.0.0");
    assertThat(everywhere.reason()).contains("development tokens");
    assertThat(decide(Map.of("bind_host", " 127.0.0.2 ")).host()).isEqualTo("127.0.0.2");
    assertThat(decide(Map.of("bind_host", "::1")).reason()).isEqualTo("BIND_HOST");
    assertThat(decide(with(REAL_TOKENS, "bind_host", "10.1.2.3")).host()).isEqualTo("10.1.2.3");
  }

  @Test
  @DisplayName("real tokens, or production: every interface unless BIND_HOST says otherwise")
  void realTokensListenEverywhere() {
    assertThat(decide(REAL_TOKENS).host()).isEqualTo("0.0.0.0");
    assertThat(decide(with(REAL_TOKENS, "platform_env", "production")).host()).isEqualTo("0.0.0.0");
    // Development, real service tokens, no VIEWER_TOKEN: the dashboard is open (it warns), no public token.
    Map<String, Object> noViewer = new java.util.HashMap<>(REAL_TOKENS);
    noViewer.remove("viewer_token");
    assertThat(decide(noViewer).host()).isEqualTo("0.0.0.0");
  }

  @Test
  @DisplayName("the plan gives every verticle that listens the decided address, and the environment beats the file")
  void planCarriesTheDecision() {
    DeploymentPlan development = DeploymentPlan.from(Map.of(), Map.of(), 2);
    assertThat(development.bindHost().host()).isEqualTo("127.0.0.1");
    assertThat(development.verticles()).filteredOn(spec -> spec.is(StandardVerticle.INGEST)
            || spec.is(StandardVerticle.DASHBOARD))
        .hasSize(2).allSatisfy(spec -> assertThat(spec.config()).containsEntry("bind_host", "127.0.0.1"));
    DeploymentPlan fromEnv = DeploymentPlan.from(Map.of("bind_host", "127.0.0.1"), Map.of("BIND_HOST", "0.0.0.0"), 2);
    assertThat(fromEnv.bindHost().host()).isEqualTo("0.0.0.0");
    assertThat(DeploymentPlan.from(REAL_TOKENS, Map.of(), 2).bindHost().host()).isEqualTo("0.0.0.0");
  }
}
