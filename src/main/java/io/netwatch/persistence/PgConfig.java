package io.netwatch.persistence;

import io.netwatch.config.Settings;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** PostgreSQL connection options from DATABASE_URL (postgresql://user:password@host:port/database). */
public final class PgConfig {
  private PgConfig() {
  }

  public static PgConnectOptions connectOptions(Settings settings) {
    return PgConnectOptions.fromUri(settings.string(Settings.DATABASE_URL))
        .setCachePreparedStatements(true)
        .setPipeliningLimit(16);
  }

  public static Pool pool(Vertx vertx, Settings settings) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(settings.integer(Settings.PG_POOL_SIZE)).setMaxWaitQueueSize(1_024)
            .setConnectionTimeout(5).setConnectionTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS))
        .connectingTo(connectOptions(settings))
        .using(vertx)
        .build();
  }

  /** The same database as a JDBC URL, for Flyway. */
  public static String jdbcUrl(PgConnectOptions options) {
    return "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
  }
}
