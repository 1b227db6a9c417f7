package io.netwatch.redis;

import io.netwatch.config.Settings;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** REDIS_MODE: one server (standalone, the default) or a Redis Cluster reached through seed nodes. Pure. */
public enum RedisMode {
  STANDALONE, CLUSTER;

  public static RedisMode from(Settings settings) {
    return parse(settings.string(Settings.REDIS_MODE));
  }

  public static RedisMode parse(String value) {
    return switch (value == null ? "" : value.strip().toLowerCase(Locale.ROOT)) {
      case "standalone" -> STANDALONE;
      case "cluster" -> CLUSTER;
      default -> throw new IllegalArgumentException("REDIS_MODE must be standalone or cluster, got '" + value + "'");
    };
  }

  /** REDIS_URL's seed nodes: in cluster mode a comma-separated list; in standalone mode the one URL as given. */
  public List<String> endpoints(String redisUrl) {
    if (this == STANDALONE) return List.of(redisUrl);
    List<String> seeds = Arrays.stream(redisUrl.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    if (seeds.isEmpty()) throw new IllegalArgumentException("REDIS_URL must name at least one seed node in cluster mode");
    return seeds;
  }
}
