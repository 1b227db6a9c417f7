package io.netwatch.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Asks a Redis server how it persists ({@code CONFIG GET} of appendonly, appendfsync and save, in one batch)
 * and interprets the answer with {@link RedisDurability}. Never fails: an error answer (CONFIG disabled or
 * renamed, no permission) or no answer at all is {@link RedisDurability.Mode#UNKNOWN} with the reason.
 * Give it a client of {@link RedisConfig#options} (RESP2: each reply is a name, value array).
 */
public final class RedisDurabilityProbe {
  private static final List<String> SETTINGS = List.of(RedisDurability.APPENDONLY, RedisDurability.APPENDFSYNC,
      RedisDurability.SAVE);
  private static final int MAX_REASON = 200;

  private RedisDurabilityProbe() {
  }

  public static Future<RedisDurability> read(Redis redis, long timeoutMs) {
    List<Request> requests = SETTINGS.stream().map(name -> Request.cmd(Command.CONFIG).arg("GET").arg(name)).toList();
    return redis.batch(requests)
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .map(RedisDurabilityProbe::interpret)
        .otherwise(err -> RedisDurability.unknown("CONFIG GET failed: " + firstLine(err)));
  }

  private static RedisDurability interpret(List<Response> replies) {
    Map<String, String> config = new HashMap<>();
    for (Response reply : replies) {
      for (int i = 0; reply != null && i + 1 < reply.size(); i += 2) {
        config.put(reply.get(i).toString(), String.valueOf(reply.get(i + 1)));
      }
    }
    return RedisDurability.fromConfig(config);
  }

  private static String firstLine(Throwable err) {
    String message = String.valueOf(err.getMessage()).lines().findFirst().orElse("");
    return message.length() > MAX_REASON ? message.substring(0, MAX_REASON) : message;
  }
}
