package io.netwatch.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real Redis and PostgreSQL servers started in-process when none is configured and none answers at the
 * default local address: for a machine with only a JDK. A datastore given through REDIS_URL or
 * DATABASE_URL, or one already answering, is always used as it is.
 */
public final class EmbeddedDatastores implements AutoCloseable {
  static final Logger log = LoggerFactory.getLogger(EmbeddedDatastores.class);
  public static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
  public static final String DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

  /** Pid of the JVM that started the servers in a data folder. */
  static final String OWNER_FILE = "netwatch.pid";
  /** System property naming the data folder (default ./data). */
  public static final String DATA_DIR_PROPERTY = "netwatch.data.dir";

  private final List<AutoCloseable> started = new ArrayList<>();
  private Path ownerFile;
  private String redisUrl;
  private String databaseUrl;

  private EmbeddedDatastores() {
  }

  /**
   * Resolves both datastores. {@code configured*} are the URLs from the config (null when absent);
   * {@code env} wins over them, as everywhere in the platform.
   *
   * @throws IllegalStateException with what to do when an embedded server cannot start
   */
  public static EmbeddedDatastores resolve(String configuredRedis, String configuredDatabase,
                                           Map<String, String> env, Path dataDir) {
    EmbeddedDatastores stores = new EmbeddedDatastores();
    stores.redisUrl = firstSet(env.get("REDIS_URL"), configuredRedis, DEFAULT_REDIS_URL);
    stores.databaseUrl = firstSet(env.get("DATABASE_URL"), configuredDatabase, DEFAULT_DATABASE_URL);
    Path ownerFile = dataDir.resolve(OWNER_FILE);
    if (!ownedByAnotherLiveJvm(ownerFile)) {
      // Servers of ours orphaned by a JVM killed with SIGKILL: stop them before looking at who answers.
      ProcessFiles.stopOrphan(dataDir.resolve("redis").resolve("redis.pid"), "redis-server");
      ProcessFiles.stopOrphan(EmbeddedPostgres.dataDirectory(dataDir).resolve("postmaster.pid"), "postgres");
    }
    boolean embedRedis = isBlank(env.get("REDIS_URL")) && isLocalDefault(stores.redisUrl, 6379)
        && !answers("127.0.0.1", 6379);
    boolean embedPostgres = isBlank(env.get("DATABASE_URL")) && isLocalDefault(stores.databaseUrl, 5432)
        && !answers("127.0.0.1", 5432);
    try {
      if (embedRedis || embedPostgres) {
        java.nio.file.Files.createDirectories(dataDir);
        java.nio.file.Files.writeString(ownerFile, Long.toString(ProcessHandle.current().pid()));
        stores.ownerFile = ownerFile;
      }
      if (embedRedis) {
        stores.started.add(EmbeddedRedis.start(dataDir.resolve("redis"), 6379));
        log.info("no Redis answered at 127.0.0.1:6379: started an embedded Redis (data in {})", dataDir.resolve("redis"));
      }
      if (embedPostgres) {
        stores.started.add(EmbeddedPostgres.start(dataDir, 5432));
        log.info("no PostgreSQL answered at 127.0.0.1:5432: started an embedded PostgreSQL 16 (data in {})",
            EmbeddedPostgres.dataDirectory(dataDir));
      }
    } catch (IOException | RuntimeException e) {
      stores.close();
      throw new IllegalStateException("could not start an embedded datastore: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stores.close();
      throw new IllegalStateException("interrupted while starting an embedded datastore", e);
    }
    return stores;
  }

  public boolean startedAny() {
    return !started.isEmpty();
  }

  public String redisUrl() {
    return redisUrl;
  }

  public String databaseUrl() {
    return databaseUrl;
  }

  /** Stops what was started here, PostgreSQL first (the reverse order). */
  @Override
  public void close() {
    if (!started.isEmpty()) log.info("stopping the embedded datastores");
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        log.warn("stopping an embedded datastore failed: {}", e.getMessage());
      }
    }
    started.clear();
    if (ownerFile != null) {
      try {
        java.nio.file.Files.deleteIfExists(ownerFile);
      } catch (IOException e) {
        log.debug("could not delete {}: {}", ownerFile, e.getMessage());
      }
    }
  }

  /** The data folder's servers belong to another platform JVM that is still running: leave them alone. */
  private static boolean ownedByAnotherLiveJvm(Path ownerFile) {
    return ProcessFiles.liveProcess(ownerFile)
        .filter(owner -> owner.pid() != ProcessHandle.current().pid())
        .filter(owner -> owner.info().command().orElse("java").contains("java"))
        .isPresent();
  }

  static boolean isLocalDefault(String url, int defaultPort) {
    try {
      URI uri = URI.create(url.replaceFirst("^[a-z]+://", "http://"));
      String host = uri.getHost();
      int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
      return port == defaultPort && ("127.0.0.1".equals(host) || "localhost".equals(host));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static boolean answers(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String firstSet(String... values) {
    for (String v : values) if (!isBlank(v)) return v;
    return null;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
