package io.netwatch.redis;

import io.netwatch.config.Settings;
import io.netwatch.testing.TestDatastores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A stream of its own on the test Redis (the suite's: REDIS_URL, the local server, else an embedded one), with the platform's client
 * options; it and its dead letters are deleted on close. For tests of single stream classes.
 */
public final class ScratchStream implements AutoCloseable {
  public static final String GROUP = "analyzers";

  public final Vertx vertx = Vertx.vertx();
  public final String name = "test:" + UUID.randomUUID().toString().substring(0, 8) + ":raw";
  private final Settings settings = new Settings(Map.of(Settings.REDIS_URL, TestDatastores.redisUrl()));
  private final Redis client = Redis.createClient(vertx, RedisConfig.options(settings));

  /** A link of the kind the verticles use, for the class under test. */
  public RedisLink link(String purpose) {
    return new RedisLink(() -> Redis.createClient(vertx, RedisConfig.options(settings)), purpose, false);
  }

  public Response send(Request request) {
    return await(client.send(request));
  }

  public String add(String... fieldsAndValues) {
    Request xadd = Request.cmd(Command.XADD).arg(name).arg("*");
    for (String arg : fieldsAndValues) xadd.arg(arg);
    return send(xadd).toString();
  }

  public void createGroup(String group, String startId) {
    send(Request.cmd(Command.XGROUP).arg("CREATE").arg(name).arg(group).arg(startId).arg("MKSTREAM"));
  }

  /** Delivers up to {@code count} new entries to {@code consumer} of the group, as the consumer's XREADGROUP would. */
  public Response read(String group, String consumer, int count) {
    return send(Request.cmd(Command.XREADGROUP).arg("GROUP").arg(group).arg(consumer).arg("COUNT").arg(count)
        .arg("STREAMS").arg(name).arg(">"));
  }

  public long length() {
    return send(Request.cmd(Command.XLEN).arg(name)).toLong();
  }

  public long pending(String group) {
    return send(Request.cmd(Command.XPENDING).arg(name).arg(group)).get(0).toLong();
  }

  /** The dead letters, as [[id, [field, value, ...]], ...]. */
  public Response deadLetters() {
    return send(Request.cmd(Command.XRANGE).arg(name + ":dead").arg("-").arg("+"));
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.await(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no result within 10 s", e);
    }
  }

  @Override
  public void close() {
    try {
      send(Request.cmd(Command.DEL).arg(name).arg(name + ":dead"));
      await(client.close());
    } finally {
      await(vertx.close());
    }
  }
}
