package io.netwatch.redis;

import io.netwatch.config.Settings;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.RedisOptions;

/** Redis client options shared by the verticles. */
public final class RedisConfig {
  private RedisConfig() {
  }

  public static RedisOptions options(Settings settings) {
    return new RedisOptions()
        .setConnectionString(settings.string(Settings.REDIS_URL))
        // RESP2 keeps XREADGROUP/XAUTOCLAIM replies as nested arrays, whatever the server prefers.
        .setPreferredProtocolVersion(ProtocolVersion.RESP2)
        .setMaxWaitingHandlers(4096)
        .setMaxPoolSize(4)
        .setMaxPoolWaiting(256)
        .setNetClientOptions(new NetClientOptions()
            .setConnectTimeout(settings.integer(Settings.REDIS_TIMEOUT_MS))
            .setTcpNoDelay(true)
            .setTcpKeepAlive(true));
  }
}
