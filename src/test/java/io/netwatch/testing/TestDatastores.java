package io.netwatch.testing;

import io.netwatch.embedded.EmbeddedDatastores;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The real Redis and PostgreSQL the tests talk to: REDIS_URL / DATABASE_URL when set, else the local
 * servers on their default ports. Each test class gets its own database and stream names.
 */
public final class TestDatastores {
  /** Where embedded servers keep their data when the tests have to start them. */
  public static final String EMBEDDED_DATA = "target/embedded-data";
  private static EmbeddedDatastores datastores;

  private TestDatastores() {
  }

  /**
   * The platform's own resolution: REDIS_URL / DATABASE_URL when set, else the local servers, else real
   * embedded ones started once for this test JVM.
   */
  private static synchronized EmbeddedDatastores datastores() {
    if (datastores == null) {
      datastores = EmbeddedDatastores.resolve(null, null, System.getenv(), Path.of(EMBEDDED_DATA));
      Runtime.getRuntime().addShutdownHook(new Thread(datastores::close));
    }
    return datastores;
  }

  public static String redisUrl() {
    return datastores().redisUrl();
  }

  /** The server-level PostgreSQL URL (its postgres database), used to create and drop test databases. */
  public static String adminDatabaseUrl() {
    return datastores().databaseUrl();
  }

  public static String uniqueStream() {
    return "test:" + UUID.randomUUID().toString().substring(0, 8) + ":raw";
  }

  /** Creates an empty database of its own; {@link TestDatabase#close()} drops it. */
  public static TestDatabase createDatabase() {
    String name = "netwatch_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
        .toLowerCase(Locale.ROOT);
    TestDatabase admin = new TestDatabase(adminDatabaseUrl(), null);
    try (Connection c = admin.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database at " + adminDatabaseUrl(), e);
    }
    String base = adminDatabaseUrl();
    String url = base.substring(0, base.lastIndexOf('/') + 1) + name;
    return new TestDatabase(url, () -> {
      try (Connection c = admin.connect(); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** A database URL in the platform's form plus JDBC access for assertions. */
  public static final class TestDatabase implements AutoCloseable {
    private final String url;
    private final Runnable drop;

    TestDatabase(String url, Runnable drop) {
      this.url = url;
      this.drop = drop;
    }

    public String url() {
      return url;
    }

    /** The same database reached through another local port (a proxy in front of the server). */
    public String urlThroughPort(int port) {
      return url.replaceFirst("@[^/]+/", "@127.0.0.1:" + port + "/");
    }

    /** The host and port of the server, for a proxy to forward to. */
    public java.net.InetSocketAddress server() {
      java.net.URI uri = java.net.URI.create(url.replaceFirst("^postgres(ql)?://", "http://"));
      return java.net.InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
    }

    public Connection connect() throws SQLException {
      java.net.URI uri = java.net.URI.create(url.replaceFirst("^postgres(ql)?://", "http://"));
      String user = "postgres";
      String password = null;
      if (uri.getUserInfo() != null) {
        String[] parts = uri.getUserInfo().split(":", 2);
        user = parts[0];
        if (parts.length > 1) password = parts[1];
      }
      int port = uri.getPort() < 0 ? 5432 : uri.getPort();
      return DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getPath(), user,
          password);
    }

    public long count(String sql, Object... params) {
      try (Connection c = connect(); var statement = c.prepareStatement(sql)) {
        for (int i = 0; i < params.length; i++) statement.setObject(i + 1, params[i]);
        try (var rs = statement.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    /** The first column of the first row, as text (null when there is no row or it is NULL). */
    public String text(String sql, Object... params) {
      try (Connection c = connect(); var statement = c.prepareStatement(sql)) {
        for (int i = 0; i < params.length; i++) statement.setObject(i + 1, params[i]);
        try (var rs = statement.executeQuery()) {
          return rs.next() ? rs.getString(1) : null;
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    public void execute(String sql) {
      try (Connection c = connect(); Statement s = c.createStatement()) {
        s.execute(sql);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {
      if (drop != null) drop.run();
    }
  }
}
