package io.netwatch.testing;

import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real redis-server of the test's own (the binary embedded-redis ships), configured as the test says
 * (e.g. {@code "appendonly yes"}), listening on a Unix socket in a temporary folder and on no TCP port at
 * all: nothing to pick, nothing to race for. Its data folder is deleted on close.
 */
public final class ScratchRedis implements AutoCloseable {
  private final Path dir;
  private final Path socket;
  private final RedisServer server;

  private ScratchRedis(Path dir, String... settings) throws IOException {
    this.dir = dir;
    this.socket = dir.resolve("redis.sock");
    var builder = RedisServer.newRedisServer()
        .port(0)
        .setting("unixsocket " + socket)
        .setting("unixsocketperm 700")
        .setting("dir " + dir);
    for (String setting : settings) builder.setting(setting);
    this.server = builder.build();
    server.start();
  }

  /** Started with these redis.conf lines laid over its defaults. */
  public static ScratchRedis start(String... settings) {
    Path dir = null;
    try {
      // Under /tmp: a socket path must stay under about 100 characters, whatever the checkout's path.
      dir = Files.createTempDirectory("netwatch-redis-");
      return new ScratchRedis(dir, settings);
    } catch (IOException e) {
      if (dir != null) delete(dir);
      throw new UncheckedIOException(e);
    }
  }

  /** The connection string the platform's REDIS_URL takes. */
  public String url() {
    return "unix://" + socket;
  }

  /** Stops the server (again: nothing happens). */
  @Override
  public void close() {
    if (!Files.exists(dir)) return;
    try {
      server.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      delete(dir);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
