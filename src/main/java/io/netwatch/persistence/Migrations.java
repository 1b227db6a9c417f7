package io.netwatch.persistence;

import io.vertx.pgclient.PgConnectOptions;
import org.flywaydb.core.Flyway;

/** Applies the versioned SQL files in db/migration (blocking: run it off the event loop). */
public final class Migrations {
  private Migrations() {
  }

  public static int migrate(PgConnectOptions options) {
    return Flyway.configure()
        .dataSource(PgConfig.jdbcUrl(options), options.getUser(), options.getPassword())
        .locations("classpath:db/migration")
        .connectRetries(3)
        .load()
        .migrate()
        .migrationsExecuted;
  }
}
