package io.netwatch.embedded;

import redis.embedded.RedisServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real redis-server, from the binary that com.github.codemonstur:embedded-redis ships, data in a folder. */
final class EmbeddedRedis implements AutoCloseable {
  private final RedisServer server;

  private EmbeddedRedis(RedisServer server) {
    this.server = server;
  }

  static EmbeddedRedis start(Path dataDir, int port) throws IOException {
    Path dir = Files.createDirectories(dataDir).toAbsolutePath();
    Path pidFile = dir.resolve("redis.pid");
    ProcessFiles.stopOrphan(pidFile, "redis-server");
    RedisServer server = RedisServer.newRedisServer()
        .port(port)
        .bind("127.0.0.1")
        .setting("dir " + dir)
        .setting("pidfile " + pidFile)
        .setting("appendonly yes")
        .setting("appendfsync everysec")
        .setting("save \"\"")
        .onShutdownForceStop(false)
        .build();
    server.start();
    return new EmbeddedRedis(server);
  }

  @Override
  public void close() throws IOException {
    server.stop();
  }
}
