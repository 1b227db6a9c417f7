package io.netwatch;

import io.netwatch.config.Settings;
import io.netwatch.testing.PlatformUnderTest;
import io.netwatch.testing.TestDatastores;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up as users meet it, in JVMs of their own ({@code io.netwatch.Main}, the test's classpath): a
 * failure to start prints one line on standard error naming the cause and exits non-zero; and as root in
 * a private home with no datastore listening, the platform starts embedded ones and scores the seed packet.
 */
@Tag("slow")
@DisplayName("Start-up: loud failures, and a first run as root in a private home")
class StartupTest {
  private static final int EXIT_WAIT_SECONDS = 90;

  @Test
  @DisplayName("a port already in use: one line on stderr naming it, non-zero exit")
  void portInUse(@TempDir Path dir) throws Exception {
    // The port stays bound by this socket until the child has failed on it: nothing is released to race for.
    try (ServerSocket taken = new ServerSocket(0)) {
      assertThat(refusedToStart(dir, datastores().put("web_port", taken.getLocalPort()), "dashboard"))
          .contains("already in use").contains("WEB_PORT");
    }
  }

  @Test
  @DisplayName("a config file that is not JSON, or missing: named on stderr, exit status 2")
  void badConfigFile(@TempDir Path dir) throws Exception {
    Path broken = Files.writeString(dir.resolve("platform.json"), "{ \"web_port\": 3000, ");
    Finished run = launch(dir, "-conf", broken.toString());
    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.stderrLine()).contains("config file " + broken).contains("not a valid JSON object");

    Finished missing = launch(dir, "-conf", "conf/nowhere.json");
    assertThat(missing.exitCode).isEqualTo(2);
    assertThat(missing.stderrLine()).contains("conf/nowhere.json").contains("does not exist");
  }

  @Test
  @DisplayName("a setting with a bad value: named on stderr, non-zero exit")
  void badSetting(@TempDir Path dir) throws Exception {
    assertThat(refusedToStart(dir, datastores().put("batch_size", "lots"), "stream-consumer"))
        .contains("batch_size").contains("lots");
  }

  @Test
  @DisplayName("a database that refuses: PostgreSQL's reason and DATABASE_URL on stderr, non-zero exit")
  void databaseRefuses(@TempDir Path dir) throws Exception {
    String base = TestDatastores.adminDatabaseUrl();
    JsonObject config = datastores()
        .put("database_url", base.substring(0, base.lastIndexOf('/') + 1) + "netwatch_no_such_database");
    assertThat(refusedToStart(dir, config, "persistence")).contains("netwatch_no_such_database").contains("DATABASE_URL");
  }

  @Test
  @DisplayName(".env in the working directory and -env FILE are read; real variables win; no value is printed")
  void dotEnv(@TempDir Path dir) throws Exception {
    String strong = "x".repeat(40);
    Files.writeString(dir.resolve(".env"), String.join("\n",
        "PLATFORM_ENV=production", "INGESTION_TOKEN=short-secret-1", "ANOMALY_WORKER_TOKEN=" + strong,
        "ADMIN_TOKEN=" + strong, ""));
    Finished fromCwd = launch(dir, Map.of(), "-conf", datastores().encode());
    assertThat(fromCwd.exitCode).isNotZero();
    assertThat(fromCwd.stderrLine()).contains("INGESTION_TOKEN is too short");
    assertThat(fromCwd.stdout + fromCwd.stderr).doesNotContain("short-secret-1").doesNotContain(strong);

    // The real environment's INGESTION_TOKEN wins: now the file's short ADMIN_TOKEN is the one refused.
    Path elsewhere = Files.writeString(dir.resolve("old-system.env"), String.join("\n",
        "PLATFORM_ENV=production", "INGESTION_TOKEN=short-secret-1", "ANOMALY_WORKER_TOKEN=" + strong,
        "ADMIN_TOKEN=short-secret-2", ""));
    Finished fromFile = launch(dir, Map.of("INGESTION_TOKEN", strong), "-env", elsewhere.toString(),
        "-conf", datastores().encode());
    assertThat(fromFile.exitCode).isNotZero();
    assertThat(fromFile.stderrLine()).contains("ADMIN_TOKEN is too short");
    assertThat(fromFile.stdout + fromFile.stderr).doesNotContain("short-secret").doesNotContain(strong);

    Finished missing = launch(dir, Map.of(), "-env", "nowhere.env");
    assertThat(missing.exitCode).isEqualTo(2);
    assertThat(missing.stderrLine()).contains("nowhere.env").contains("does not exist");
  }

  /**
   * As root, from a folder of mode 0700, in a network namespace where nothing listens on 6379/5432: the
   * platform starts embedded Redis and PostgreSQL (PostgreSQL as nobody, with its data where nobody can
   * reach it), scores the seed packet; a second start reuses the data.
   */
  @Test
  @DisplayName("as root in a private home with no datastores: comes up, scores the seed packet, keeps its data")
  void rootInPrivateHome(@TempDir Path temp) throws Exception {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root (as CI runs)");
    Assumptions.assumeTrue(run(List.of("unshare", "--net", "true"), temp.resolve("probe.log")) == 0,
        "needs unshare --net (util-linux) with the right to create a network namespace");
    Path home = Files.createDirectory(temp.resolve("home"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("java.class.path");
    String platform = java + " -Xmx256m -cp '" + classpath + "' io.netwatch.Main";
    String probe = java + " -cp '" + classpath + "' '" + SeedProbe.class.getName() + "'";
    String script = String.join("\n",
        "set -u",
        "ip link set lo up",
        "cd " + home,
        "for round in 1 2; do",
        "  " + platform + " > platform-$round.log 2> platform-$round.err &",
        "  pid=$!",
        "  " + probe + " $round; status=$?",
        "  kill -TERM $pid; wait $pid",
        "  [ $status -eq 0 ] || exit $status",
        "done");
    Path log = temp.resolve("private-home.log");
    try {
      int status = run(List.of("unshare", "--net", "bash", "-c", script), log);
      assertThat(status).as("probe output:\n%s\nplatform log:\n%s", Files.readString(log), logs(home)).isZero();
      assertThat(Files.readString(log)).contains("round 1: seed packet scored 0.75 critical")
          .contains("round 2: 1 row kept from round 1");
      assertThat(Files.readString(home.resolve("platform-1.log"))).contains("started an embedded PostgreSQL 16");
    } finally {
      removeRelocatedCluster(home.resolve("data"));
    }
  }

  /** Run inside the namespace: waits for the platform, posts the seed packet (round 1) and reads it back. */
  public static final class SeedProbe {
    public static void main(String[] args) throws Exception {
      int round = Integer.parseInt(args[0]);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EXIT_WAIT_SECONDS);
      while (!answers(http, "http://127.0.0.1:3000/health")) {
        if (System.nanoTime() > deadline) fail(round, "the platform did not answer /health");
        Thread.sleep(200);
      }
      if (round == 1) {
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/ingest"))
            .header("Authorization", "Bearer dev-ingest-token").header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"src_ip\":\"10.0.0.5\",\"dst_ip\":\"192.168.1.10\","
                + "\"protocol\":\"TCP\",\"src_port\":51234,\"dst_port\":4444,\"payload_len\":512,\"ttl\":64,"
                + "\"tcp_flags\":2,\"payload_hex\":\"deadbeef\",\"pkt_rate\":15000}")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (posted.statusCode() != 200) fail(round, "ingest answered " + posted.statusCode() + " " + posted.body());
      }
      while (true) {
        JsonArray rows = new JsonObject(http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:3000/api/v1/anomalies?limit=10")).build(),
            HttpResponse.BodyHandlers.ofString()).body()).getJsonArray("anomalies");
        if (rows.size() == 1) {
          JsonObject row = rows.getJsonObject(0);
          System.out.println(round == 1
              ? "round 1: seed packet scored " + row.getValue("score") + " " + row.getString("severity")
              : "round 2: " + rows.size() + " row kept from round 1");
          return;
        }
        if (rows.size() > 1 || System.nanoTime() > deadline) fail(round, "rows listed: " + rows.encode());
        Thread.sleep(100);
      }
    }

    private static boolean answers(HttpClient http, String url) {
      try {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
            .statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    private static void fail(int round, String why) {
      System.out.println("round " + round + ": " + why);
      System.exit(1);
    }
  }

  private record Finished(int exitCode, String stdout, String stderr) {
    /** The failure line: what a user reads on the terminal. */
    String stderrLine() {
      return stderr.lines().filter(l -> l.startsWith("netwatch: cannot start:")).findFirst()
          .orElseThrow(() -> new AssertionError("no 'netwatch: cannot start:' line on stderr.\nstderr:\n" + stderr
              + "\nstdout:\n" + stdout));
    }
  }

  private static JsonObject datastores() {
    return new JsonObject().put("redis_url", TestDatastores.redisUrl())
        .put("database_url", TestDatastores.adminDatabaseUrl());
  }

  /** Launches only the named standard verticles with the config; asserts a failed start, returns its stderr line. */
  private static String refusedToStart(Path dir, JsonObject config, String... verticles) throws Exception {
    Finished run = launch(dir, "-conf", config.put("verticles", PlatformUnderTest.verticles(verticles)).encode());
    assertThat(run.exitCode).isNotZero();
    return run.stderrLine();
  }

  private static Finished launch(Path dir, String... args) throws Exception {
    return launch(dir, Map.of(), args);
  }

  private static Finished launch(Path dir, Map<String, String> environment, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.netwatch.Main"));
    command.addAll(List.of(args));
    Path out = dir.resolve("stdout.log");
    Path err = dir.resolve("stderr.log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    for (String key : Settings.DEFAULTS.keySet()) builder.environment().remove(key.toUpperCase(Locale.ROOT));
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("still running after " + EXIT_WAIT_SECONDS + " s: " + Files.readString(out));
    }
    return new Finished(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static int run(List<String> command, Path log) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    for (String key : Settings.DEFAULTS.keySet()) builder.environment().remove(key.toUpperCase(Locale.ROOT));
    Process process = builder.start();
    if (!process.waitFor(4L * EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("did not finish: " + command.get(0) + "\n" + Files.readString(log));
    }
    return process.exitValue();
  }

  private static String logs(Path home) throws IOException {
    StringBuilder all = new StringBuilder();
    try (var files = Files.list(home)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("platform-")).sorted().toList()) {
        all.append("--- ").append(f.getFileName()).append('\n').append(Files.readString(f));
      }
    }
    return all.toString();
  }

  /** The cluster the platform placed outside the private home (recorded in data/postgres.location). */
  private static void removeRelocatedCluster(Path data) throws Exception {
    Path location = data.resolve("postgres.location");
    if (!Files.isRegularFile(location)) return;
    Path cluster = Path.of(Files.readString(location).strip());
    if (cluster.getFileName().toString().matches("[0-9a-f]{16}")) run(List.of("rm", "-rf", cluster.toString()),
        data.resolve("rm.log"));
  }
}
