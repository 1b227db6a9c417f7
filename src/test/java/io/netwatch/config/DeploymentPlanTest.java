package io.netwatch.config;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("DeploymentPlan: which verticles a JVM runs, with what config")
class DeploymentPlanTest {
  @Test
  @DisplayName("without a list: all five, persistence first and ingest last; scorers on every core, one ingest")
  void defaults() {
    DeploymentPlan plan = DeploymentPlan.from(Map.of(), Map.of(), 6);
    assertThat(plan.verticles()).extracting(DeploymentPlan.VerticleSpec::name)
        .containsExactly("persistence", "scorer", "detector", "notifier", "stream-consumer", "dashboard",
            "ingest");
    DeploymentPlan.VerticleSpec scorer = plan.verticles().get(1);
    assertThat(scorer.worker()).isTrue();
    assertThat(scorer.instances()).isEqualTo(6);
    assertThat(plan.verticles().get(4).instances()).isEqualTo(1);
    assertThat(plan.warnings()).hasSize(3);
  }

  @Test
  @DisplayName("THREAD_COUNT sets the scorer instances; an entry's config overrides the shared one; env beats both")
  void overrides() {
    Map<String, Object> root = Map.of(
        "batch_size", 100,
        "verticles", List.of(
            Map.of("name", "scorer", "class", "io.netwatch.scoring.ScorerVerticle", "worker", true),
            Map.of("name", "stream-consumer", "class", "io.netwatch.stream.StreamConsumerVerticle",
                "config", Map.of("batch_size", 50, "block_ms", 100))));
    DeploymentPlan plan = DeploymentPlan.from(root, Map.of("THREAD_COUNT", "3", "BLOCK_MS", "700"), 8);
    assertThat(plan.verticles().get(0).instances()).isEqualTo(3);
    Map<String, Object> consumer = plan.verticles().get(1).config();
    assertThat(consumer).containsEntry("batch_size", 50).containsEntry("block_ms", 700L);
    assertThat(consumer).doesNotContainKeys("verticles", "ingestion_token");
    assertThat(plan.shared()).containsEntry("batch_size", 100);
  }

  @Test
  @DisplayName("bad entries are refused with a message for the operator")
  void badEntries() {
    assertThatThrownBy(() -> DeploymentPlan.from(Map.of("verticles", "all"), Map.of(), 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("verticles");
    assertThatThrownBy(() -> DeploymentPlan.from(Map.of("verticles", List.of(Map.of("name", "x"))), Map.of(), 2))
        .hasMessageContaining("class");
    for (int instances : List.of(0, 300)) {
      assertThatThrownBy(() -> DeploymentPlan.from(Map.of("verticles", List.of(
          Map.of("name", "ingest", "class", "io.netwatch.ingest.IngestVerticle", "instances", instances))), Map.of(), 2))
          .hasMessageContaining("instances");
    }
    assertThatThrownBy(() -> DeploymentPlan.from(Map.of("verticles", List.of("ingest")), Map.of(), 2))
        .hasMessageContaining("object");
  }
}
