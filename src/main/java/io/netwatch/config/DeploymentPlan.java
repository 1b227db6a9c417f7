package io.netwatch.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which verticles a JVM runs, read from the config's "verticles" list. Each verticle's config is the
 * shared settings, overridden by the entry's own "config", overridden by the environment. Worker
 * entries (the scorers) run THREAD_COUNT instances, 0 meaning one per core.
 */
public final class DeploymentPlan {
  /** One verticle to deploy. */
  public record VerticleSpec(String name, String className, int instances, boolean worker,
                             Map<String, Object> config) {
  }

  /** Everything in one JVM: what runs when no config file names the verticles. */
  public static final List<Map<String, Object>> ALL_IN_ONE = List.of(
      Map.copyOf(entry("persistence", "io.netwatch.persistence.PersistenceVerticle", 1, false)),
      Map.copyOf(entry("scorer", "io.netwatch.scoring.ScorerVerticle", 0, true)),
      Map.copyOf(entry("stream-consumer", "io.netwatch.stream.StreamConsumerVerticle", 1, false)),
      Map.copyOf(entry("dashboard", "io.netwatch.dashboard.DashboardVerticle", 1, false)),
      Map.copyOf(entry("ingest", "io.netwatch.ingest.IngestVerticle", 2, false)));

  private final List<VerticleSpec> verticles;
  private final List<String> warnings;
  private final Map<String, Object> shared;

  private DeploymentPlan(List<VerticleSpec> verticles, List<String> warnings, Map<String, Object> shared) {
    this.verticles = verticles;
    this.warnings = warnings;
    this.shared = shared;
  }

  /** The shared settings (tokens resolved) that a verticle's own config is laid over. */
  public Map<String, Object> shared() {
    return shared;
  }

  public List<VerticleSpec> verticles() {
    return verticles;
  }

  public List<String> warnings() {
    return warnings;
  }

  public static Map<String, Object> entry(String name, String className, int instances, boolean worker) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("name", name);
    e.put("class", className);
    e.put("instances", instances);
    e.put("worker", worker);
    return e;
  }

  /**
   * @throws IllegalArgumentException or IllegalStateException with a message for the operator
   */
  @SuppressWarnings("unchecked")
  public static DeploymentPlan from(Map<String, Object> root, Map<String, String> env, int cores) {
    Map<String, Object> shared = new LinkedHashMap<>(root);
    Object listed = shared.remove("verticles");
    Tokens.Resolution tokens = Tokens.resolve(Settings.withEnvironment(shared, env));
    List<Map<String, Object>> entries;
    if (listed == null) {
      entries = ALL_IN_ONE;
    } else if (listed instanceof List<?> list) {
      entries = new ArrayList<>();
      for (Object o : list) {
        if (!(o instanceof Map<?, ?> m)) throw new IllegalArgumentException("verticles: each entry must be an object");
        entries.add((Map<String, Object>) m);
      }
    } else {
      throw new IllegalArgumentException("verticles must be an array");
    }
    List<VerticleSpec> specs = new ArrayList<>();
    for (Map<String, Object> entry : entries) {
      specs.add(spec(entry, tokens.config(), env, cores));
    }
    return new DeploymentPlan(List.copyOf(specs), tokens.warnings(), tokens.config());
  }

  @SuppressWarnings("unchecked")
  public static VerticleSpec spec(Map<String, Object> entry, Map<String, Object> shared, Map<String, String> env,
                                  int cores) {
    String className = entry.get("class") instanceof String s ? s : null;
    if (className == null || className.isBlank()) throw new IllegalArgumentException("verticles: entry without a class");
    String name = entry.get("name") instanceof String s ? s : className.substring(className.lastIndexOf('.') + 1);
    boolean worker = Boolean.TRUE.equals(entry.get("worker"));
    Map<String, Object> config = new LinkedHashMap<>(shared);
    if (entry.get("config") instanceof Map<?, ?> own) config.putAll((Map<String, Object>) own);
    config = Settings.withEnvironment(config, env);
    int instances;
    if (worker) {
      int threads = new Settings(config).integer(Settings.THREAD_COUNT);
      instances = threads > 0 ? threads : cores;
    } else {
      instances = entry.get("instances") instanceof Number n ? n.intValue() : 1;
    }
    if (instances < 1 || instances > 256) {
      throw new IllegalArgumentException("verticles." + name + ": instances must be between 1 and 256");
    }
    return new VerticleSpec(name, className, instances, worker, config);
  }
}
