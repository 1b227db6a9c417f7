package io.netwatch.config;

import io.netwatch.config.DeploymentPlan.VerticleSpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("StandardVerticle: each standard verticle gets only the shared settings it reads")
class StandardVerticleTest {
  static final List<String> SECRETS = List.of(Settings.DATABASE_URL, Settings.REDIS_URL, Settings.INGESTION_TOKEN,
      Settings.ANOMALY_WORKER_TOKEN, Settings.ADMIN_TOKEN, Settings.VIEWER_TOKEN);

  /**
   * Where each verticle's code and the helpers it calls (RedisConfig, PgConfig, ReadinessChecks,
   * ServerConnections; the dashboard also answers the ingest route with ingest's IngestHandler) live.
   */
  static final Map<StandardVerticle, List<String>> SOURCES = Map.of(
      StandardVerticle.PERSISTENCE, List.of("persistence"),
      StandardVerticle.SCORER, List.of("scoring"),
      StandardVerticle.DETECTOR, List.of("detection", "redis/RedisConfig.java", "persistence/PgConfig.java"),
      StandardVerticle.NOTIFIER, List.of("notify", "persistence/PgConfig.java"),
      StandardVerticle.STREAM_CONSUMER, List.of("stream", "redis/RedisConfig.java"),
      StandardVerticle.DASHBOARD, List.of("dashboard", "redis", "persistence/PgConfig.java", "ops/ReadinessChecks.java",
          "ops/ManagementRoutes.java", "ingest/IngestHandler.java", "web/ServerConnections.java"),
      StandardVerticle.INGEST, List.of("ingest", "redis", "web/ServerConnections.java"));

  /** Every setting given a value, as a file and the environment may. */
  static Map<String, Object> everySetting() {
    Map<String, Object> root = new HashMap<>();
    Settings.DEFAULTS.forEach((key, value) -> root.put(key, value == null ? key + "-value" : value));
    root.put(StandardVerticle.SCORING_RULES, Map.of("entropy_threshold", 7.0));
    return root;
  }

  static Map<String, VerticleSpec> byName(DeploymentPlan plan) {
    Map<String, VerticleSpec> specs = new HashMap<>();
    plan.verticles().forEach(spec -> specs.put(spec.name(), spec));
    return specs;
  }

  @Test
  @DisplayName("the scorer holds no database URL, no Redis URL and no token, even when the environment sets them")
  void scorerHoldsNoSecrets() {
    Map<String, String> env = Map.of("DATABASE_URL", "postgresql://u:p@db/x", "REDIS_URL", "redis://r:1",
        "ADMIN_TOKEN", "env-admin-token");
    Map<String, Object> scorer = byName(DeploymentPlan.from(everySetting(), env, 2)).get("scorer").config();
    assertThat(scorer).doesNotContainKeys(SECRETS.toArray(String[]::new));
    assertThat(scorer).containsOnlyKeys(Settings.MAX_PAYLOAD_HEX, StandardVerticle.SCORING_RULES);
  }

  @Test
  @DisplayName("each verticle gets every setting its code (and the helpers it calls) reads, and no other")
  void settingsMatchTheCode() throws IOException {
    Map<String, VerticleSpec> specs = byName(DeploymentPlan.from(everySetting(), Map.of(), 2));
    for (StandardVerticle verticle : StandardVerticle.values()) {
      Set<String> read = settingsReadBy(SOURCES.get(verticle));
      Set<String> given = new TreeSet<>(specs.get(verticle.verticleName()).config().keySet());
      given.remove(StandardVerticle.SCORING_RULES);
      given.remove(StandardVerticle.DETECTION_RULES);
      assertThat(given).as(verticle.verticleName()).isEqualTo(read);
    }
    assertThat(specs.get("ingest").config()).containsEntry(Settings.INGESTION_TOKEN, "ingestion_token-value");
    assertThat(specs.get("dashboard").config()).containsKeys(Settings.ADMIN_TOKEN, Settings.ANOMALY_WORKER_TOKEN,
        Settings.VIEWER_TOKEN, Settings.INGESTION_TOKEN, Settings.DATABASE_URL, Settings.REDIS_URL);
    assertThat(specs.get("ingest").config()).doesNotContainKeys(Settings.VIEWER_TOKEN, Settings.ADMIN_TOKEN);
    assertThat(specs.get("persistence").config()).containsOnlyKeys(Settings.DATABASE_URL, Settings.PG_POOL_SIZE,
        Settings.RETENTION_RAW_HOURS, Settings.RETENTION_ALERTS_DAYS, Settings.RETENTION_ROLLUP_DAYS,
        Settings.STORE_MIN_SEVERITY);
    assertThat(specs.get("stream-consumer").config()).doesNotContainKeys(Settings.INGESTION_TOKEN,
        Settings.ANOMALY_WORKER_TOKEN, Settings.ADMIN_TOKEN, Settings.DATABASE_URL);
  }

  /** The values of the {@code Settings.X} constants named in the given main source folders or files. */
  static Set<String> settingsReadBy(List<String> sources) throws IOException {
    Pattern constant = Pattern.compile("Settings\\.([A-Z_]+)\\b");
    Set<String> keys = new TreeSet<>();
    for (String source : sources) {
      Path path = Path.of("src/main/java/io/netwatch", source);
      try (Stream<Path> files = Files.walk(path)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          Matcher m = constant.matcher(Files.readString(file));
          while (m.find()) keys.add(settingValue(m.group(1)));
        }
      }
    }
    return keys;
  }

  static String settingValue(String constantName) {
    try {
      return (String) Settings.class.getField(constantName).get(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("Settings." + constantName, e);
    }
  }

  @Test
  @DisplayName("an entry's own config is kept in full, the environment still beats it")
  void ownConfigInFull() {
    Map<String, Object> root = Map.of("verticles", List.of(Map.of("name", "scorer",
        "class", StandardVerticle.SCORER.className(),
        "config", Map.of("extra", "kept", Settings.BATCH_SIZE, 7, Settings.MAX_PAYLOAD_HEX, 10))));
    VerticleSpec scorer = DeploymentPlan.from(root, Map.of("MAX_PAYLOAD_HEX", "20"), 2).verticles().get(0);
    assertThat(scorer.config()).containsEntry("extra", "kept").containsEntry(Settings.BATCH_SIZE, 7)
        .containsEntry(Settings.MAX_PAYLOAD_HEX, 20L).doesNotContainKeys(SECRETS.toArray(String[]::new));
  }

  @Test
  @DisplayName("a class of the operator's own gets every shared setting")
  void customClassGetsAll() {
    Map<String, Object> root = new HashMap<>(everySetting());
    root.put("verticles", List.of(Map.of("name", "detector", "class", "com.example.DetectorVerticle")));
    VerticleSpec custom = DeploymentPlan.from(root, Map.of(), 2).verticles().get(0);
    root.remove("verticles");
    assertThat(custom.config()).isEqualTo(root);
    assertThat(custom.worker()).isFalse();
  }

  @Test
  @DisplayName("a verticle is known by its class, whatever its entry's name; the scorer is a worker unless told not")
  void knownByClass() {
    Map<String, Object> root = Map.of("verticles", List.of(
        Map.of("name", "scorer-b", "class", StandardVerticle.SCORER.className()),
        Map.of("name", "scorer-c", "class", StandardVerticle.SCORER.className(), "worker", false, "instances", 2)));
    List<VerticleSpec> specs = DeploymentPlan.from(root, Map.of("THREAD_COUNT", "3"), 2).verticles();
    assertThat(specs.get(0).worker()).isTrue();
    assertThat(specs.get(0).instances()).isEqualTo(3);
    assertThat(specs.get(0).config()).doesNotContainKeys(SECRETS.toArray(String[]::new));
    assertThat(specs.get(1).worker()).isFalse();
    assertThat(specs.get(1).instances()).isEqualTo(2);
    assertThat(StandardVerticle.named("scorer")).contains(StandardVerticle.SCORER);
    assertThat(StandardVerticle.named("scorer-b")).isEmpty();
  }

  @Test
  @DisplayName("every class in the table is a verticle on the classpath")
  void classesExist() throws ClassNotFoundException {
    for (StandardVerticle verticle : StandardVerticle.values()) {
      assertThat(io.vertx.core.Deployable.class.isAssignableFrom(Class.forName(verticle.className())))
          .as(verticle.className()).isTrue();
    }
  }
}
