package io.netwatch;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Why start-up failed, in one line on standard error that names the cause and what to do: whatever
 * stops the platform from starting must say so, never end the process silently.
 */
final class StartupFailure {
  /** Exit status for a config file that is missing or not JSON (the launcher's own usage error code). */
  static final int EXIT_CONFIG = 2;
  private static final int MAX_LENGTH = 2_000;
  private static final AtomicBoolean REPORTED = new AtomicBoolean();

  private StartupFailure() {
  }

  static void report(String explanation) {
    REPORTED.set(true);
    String line = explanation.replaceAll("\\s*\\R\\s*", " | ");
    System.err.println("netwatch: cannot start: " + (line.length() > MAX_LENGTH ? line.substring(0, MAX_LENGTH) + " ..." : line));
    System.err.flush();
  }

  static boolean reported() {
    return REPORTED.get();
  }

  /**
   * The file given with {@code -conf}, checked before the launcher sees it (the launcher would take a
   * missing file for inline JSON and fail without naming it); null for inline JSON or no -conf.
   *
   * @throws IllegalArgumentException saying what is wrong with the file or the inline JSON
   */
  static String configFile(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (!args[i].equals("-conf")) continue;
      if (i + 1 >= args.length) throw new IllegalArgumentException("-conf needs a file name or inline JSON");
      String value = args[i + 1].strip();
      if (value.startsWith("{")) {
        parse(value, "the inline JSON given with -conf");
        return null;
      }
      Path file = Path.of(value);
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("config file " + value + " (given with -conf) does not exist: check the"
            + " path, e.g. -conf conf/platform.json");
      }
      try {
        parse(Files.readString(file), "config file " + value);
      } catch (IOException e) {
        throw new IllegalArgumentException("config file " + value + " cannot be read: " + e.getMessage());
      }
      return value;
    }
    return null;
  }

  private static void parse(String json, String what) {
    try {
      new JsonObject(json);
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException(what + " is not a valid JSON object: " + firstLine(e.getMessage())
          + "; fix it (an example: conf/platform.json)");
    }
  }

  /** The cause of a failed start, and what to do about it; the most telling cause in the chain wins. */
  static String explain(Throwable error) {
    Throwable bind = find(error, t -> t instanceof BindException
        || String.valueOf(t.getMessage()).contains("Address already in use"));
    if (bind != null) {
      return "a port it must listen on is already in use (" + bind.getMessage() + "): stop the program that uses"
          + " it, or choose other ports with INGEST_PORT / WEB_PORT";
    }
    Throwable postgres = find(error, t -> t.getClass().getName().startsWith("io.vertx.pgclient.")
        || t.getClass().getName().startsWith("org.postgresql."));
    if (postgres != null) {
      return "PostgreSQL refused: " + firstLine(postgres.getMessage()) + ". Check DATABASE_URL (host, port, user,"
          + " database)";
    }
    Throwable connect = find(error, t -> t instanceof ConnectException);
    if (connect != null) {
      return "cannot connect: " + connect.getMessage() + ". Start that server, or point REDIS_URL / DATABASE_URL at"
          + " one that runs";
    }
    Throwable denied = find(error, t -> t instanceof AccessDeniedException);
    if (denied != null) {
      return "permission denied on " + ((AccessDeniedException) denied).getFile() + ": give the user running the"
          + " platform access to it, or run it from another directory";
    }
    Throwable migration = find(error, t -> t.getClass().getName().startsWith("org.flywaydb."));
    if (migration != null) return "the database schema could not be migrated: " + migration.getMessage();
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    if (root instanceof IllegalArgumentException || root instanceof IllegalStateException) return root.getMessage();
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static Throwable find(Throwable error, java.util.function.Predicate<Throwable> test) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (test.test(t)) return t;
    }
    return null;
  }

  private static String firstLine(String message) {
    if (message == null) return "unreadable";
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
