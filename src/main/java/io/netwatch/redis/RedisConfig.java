package io.netwatch.redis;

import io.netwatch.config.Settings;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;

import java.util.ArrayList;

/** Redis client options shared by the verticles. */
public final class RedisConfig {
  private RedisConfig() {
  }

  /**
   * In cluster mode the client follows MOVED and ASK for single commands and reads the slot map again within a
   * second (its topology cache); a batch goes to one node and is not redirected, see {@link RedisLink}.
   */
  public static RedisOptions options(Settings settings) {
    RedisMode mode = RedisMode.parse(settings.string(Settings.REDIS_MODE));
    RedisOptions options = new RedisOptions();
    if (mode == RedisMode.CLUSTER) {
      options.setType(RedisClientType.CLUSTER).setEndpoints(new ArrayList<>(mode.endpoints(settings.string(Settings.REDIS_URL))));
    } else {
      options.setConnectionString(settings.string(Settings.REDIS_URL));
    }
    return options
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
