package io.netwatch.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which verticles a JVM runs, read from the config's "verticles" list. Each verticle's config is the
 * shared settings, overridden by the entry's own "config", overridden by the environment; a
 * {@link StandardVerticle} keeps only the settings it reads plus its own config. Worker entries (the
 * scorers) run THREAD_COUNT instances, 0 meaning one per core.
 */
public final class DeploymentPlan {
  /** One verticle to deploy. */
  public record VerticleSpec(String name, String className, int instances, boolean worker,
                             Map<String, Object> config) {
    public boolean is(StandardVerticle standard) {
      return standard.className().equals(className);
    }
  }

  /**
   * Everything in one JVM, the {@link StandardVerticle}s as entries (name, class, instances, worker): what
   * runs when the config names no verticles, the same as conf/platform.json.
   */
  public static final List<Map<String, Object>> ALL_IN_ONE = StandardVerticle.entries();

  private final List<VerticleSpec> verticles;
  private final List<String> warnings;
  private final Map<String, Object> shared;
  private final BindHost.Decision bindHost;

  private DeploymentPlan(List<VerticleSpec> verticles, List<String> warnings, Map<String, Object> shared,
                         BindHost.Decision bindHost) {
    this.verticles = verticles;
    this.warnings = warnings;
    this.shared = shared;
    this.bindHost = bindHost;
  }

  /** The address the node's HTTP servers listen on (BIND_HOST in every verticle's config), and why. */
  public BindHost.Decision bindHost() {
    return bindHost;
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
    Map<String, Object> resolved = new LinkedHashMap<>(tokens.config());
    BindHost.Decision bindHost = BindHost.decide(new Settings(resolved), tokens.developmentTokens());
    resolved.put(Settings.BIND_HOST, bindHost.host());
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
      specs.add(spec(entry, resolved, env, cores));
    }
    return new DeploymentPlan(List.copyOf(specs), tokens.warnings(), resolved, bindHost);
  }

  @SuppressWarnings("unchecked")
  public static VerticleSpec spec(Map<String, Object> entry, Map<String, Object> shared, Map<String, String> env,
                                  int cores) {
    String className = entry.get("class") instanceof String s ? s : null;
    if (className == null || className.isBlank()) throw new IllegalArgumentException("verticles: entry without a class");
    String name = entry.get("name") instanceof String s ? s : className.substring(className.lastIndexOf('.') + 1);
    Optional<StandardVerticle> standard = StandardVerticle.ofClass(className);
    boolean worker = entry.get("worker") instanceof Boolean b ? b : standard.map(StandardVerticle::worker).orElse(false);
    Map<String, Object> own = entry.get("config") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    Map<String, Object> merged = new LinkedHashMap<>(shared);
    merged.putAll(own);
    merged = Settings.withEnvironment(merged, env);
    // A class of the operator's own (deployed by a config file or the admin API, both trusted) may read
    // any setting, so it gets them all; a standard verticle gets only the settings it reads.
    Map<String, Object> config = standard.isPresent() ? standard.get().restrict(merged, own.keySet()) : merged;
    int instances;
    if (worker) {
      int threads = new Settings(merged).integer(Settings.THREAD_COUNT);
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
