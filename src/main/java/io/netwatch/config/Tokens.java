package io.netwatch.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills in the three shared-secret tokens. In development a missing token falls back to a well-known
 * dev value (and says so loudly); in production a missing or short token stops start-up. VIEWER_TOKEN has
 * no fallback: in production it is required like the others; in development, without it, the dashboard
 * stays open (the dashboard says so when it starts).
 */
public final class Tokens {
  public static final int MIN_PRODUCTION_LENGTH = 32;
  public static final Map<String, String> DEV_FALLBACKS = Map.of(
      Settings.INGESTION_TOKEN, "dev-ingest-token",
      Settings.ANOMALY_WORKER_TOKEN, "dev-worker-token",
      Settings.ADMIN_TOKEN, "dev-admin-token");

  /**
   * What {@link #resolve} did, for the launcher to log: warnings never contain a token.
   * {@code developmentTokens}: at least one token is a well-known development value.
   */
  public record Resolution(Map<String, Object> config, List<String> warnings, boolean developmentTokens) {
  }

  private Tokens() {
  }

  public static Resolution resolve(Map<String, Object> config) {
    Settings settings = new Settings(config);
    Map<String, Object> resolved = new LinkedHashMap<>(config);
    List<String> warnings = new ArrayList<>();
    for (String key : List.of(Settings.INGESTION_TOKEN, Settings.ANOMALY_WORKER_TOKEN, Settings.ADMIN_TOKEN,
        Settings.VIEWER_TOKEN)) {
      String token = settings.string(key);
      String variable = key.toUpperCase(java.util.Locale.ROOT);
      if (settings.production()) {
        if (token == null || token.isBlank()) {
          throw new IllegalStateException(variable + " is not set: PLATFORM_ENV=production requires it"
              + " (at least " + MIN_PRODUCTION_LENGTH + " characters, e.g. from `openssl rand -hex 32`)");
        }
        if (token.length() < MIN_PRODUCTION_LENGTH) {
          throw new IllegalStateException(variable + " is too short: PLATFORM_ENV=production requires at least "
              + MIN_PRODUCTION_LENGTH + " characters (e.g. from `openssl rand -hex 32`)");
        }
      } else if ((token == null || token.isBlank()) && DEV_FALLBACKS.containsKey(key)) {
        resolved.put(key, DEV_FALLBACKS.get(key));
        warnings.add(variable + " is not set: using the development token '" + DEV_FALLBACKS.get(key)
            + "'. Never run like this outside development (set PLATFORM_ENV=production to forbid it).");
      }
    }
    // Set explicitly or by fallback, a development token is public knowledge all the same.
    boolean developmentTokens = DEV_FALLBACKS.entrySet().stream()
        .anyMatch(e -> e.getValue().equals(resolved.get(e.getKey())));
    return new Resolution(resolved, warnings, developmentTokens);
  }
}
