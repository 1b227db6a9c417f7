package io.netwatch.config;

import io.netwatch.config.DeploymentPlan.VerticleSpec;
import io.netwatch.model.PlainJson;
import io.netwatch.scoring.ScoringRules;
import io.netwatch.scoring.Signal;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("conf/platform.json deploys what the built-in plan deploys")
class PlatformJsonTest {
  static final int CORES = 4;

  static Map<String, Object> platformJson() throws IOException {
    return PlainJson.map(new JsonObject(Files.readString(Path.of("conf/platform.json"))));
  }

  @Test
  @DisplayName("the same verticles, in the same order, with the same class, instances and threading")
  void sameVerticles() throws IOException {
    List<VerticleSpec> file = DeploymentPlan.from(platformJson(), Map.of(), CORES).verticles();
    List<VerticleSpec> builtIn = DeploymentPlan.from(Map.of(), Map.of(), CORES).verticles();
    assertThat(file).extracting(VerticleSpec::name, VerticleSpec::className, VerticleSpec::instances,
            VerticleSpec::worker)
        .containsExactlyElementsOf(builtIn.stream().map(s -> org.assertj.core.groups.Tuple.tuple(s.name(),
            s.className(), s.instances(), s.worker())).toList());
  }

  @Test
  @DisplayName("the file's shared settings are the defaults")
  void sharedSettingsAreTheDefaults() throws IOException {
    Map<String, Object> root = platformJson();
    root.remove("verticles");
    assertThat(root).isNotEmpty();
    root.forEach((key, value) -> assertThat(Settings.DEFAULTS).as(key).containsEntry(key, value));
  }

  @Test
  @DisplayName("the scorer entry's scoring table is the built-in one")
  @SuppressWarnings("unchecked")
  void scoringTableIsTheDefault() throws IOException {
    VerticleSpec scorer = DeploymentPlan.from(platformJson(), Map.of(), CORES).verticles().stream()
        .filter(s -> s.name().equals("scorer")).findFirst().orElseThrow();
    Map<String, Object> table = (Map<String, Object>) scorer.config().get(StandardVerticle.SCORING_RULES);
    assertThat(table).containsKeys("weights", "suspicious_ports", "entropy_threshold", "rate_threshold",
        "low_ttl_below", "abnormal_ttl", "oversized_payload_above");
    ScoringRules file = ScoringRules.fromConfig(table);
    ScoringRules defaults = ScoringRules.defaults();
    for (Signal signal : Signal.values()) {
      assertThat(file.weight(signal)).as(signal.reason()).isEqualByComparingTo(defaults.weight(signal));
    }
    assertThat(new ScoringRules(defaults.weights(), file.suspiciousPorts(), file.entropyThreshold(),
        file.rateThreshold(), file.lowTtlBelow(), file.abnormalTtl(), file.oversizedPayloadAbove()))
        .isEqualTo(defaults);
  }
}
