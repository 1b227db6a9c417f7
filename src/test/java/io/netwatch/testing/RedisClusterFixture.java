package io.netwatch.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis Cluster of its own: N {@code redis-server --cluster-enabled yes} on local ports joined by
 * {@code redis-cli --cluster create}, no replicas, {@code cluster-require-full-coverage no} (a dead master takes
 * only its own slots down). A port is taken by starting the server on it and trying another if the server could
 * not bind it (nothing picked then released). Skips the test when redis-server or redis-cli is absent, unless
 * {@code -Dcluster.required=true}.
 */
public final class RedisClusterFixture implements AutoCloseable {
  private static final int ATTEMPTS = 20;
  private final Path dir;
  private final List<Integer> ports = new ArrayList<>();
  private final List<Process> servers = new ArrayList<>();

  private RedisClusterFixture(Path dir) {
    this.dir = dir;
  }

  public static RedisClusterFixture start(int masters) {
    boolean present = onPath("redis-server") && onPath("redis-cli");
    if (!present && Boolean.getBoolean("cluster.required")) {
      throw new IllegalStateException("redis-server and redis-cli are required (-Dcluster.required=true)");
    }
    Assumptions.assumeTrue(present, "redis-server or redis-cli not found: Redis Cluster tests skipped");
    try {
      RedisClusterFixture cluster = new RedisClusterFixture(Files.createTempDirectory("netwatch-cluster-"));
      for (int i = 0; i < masters; i++) cluster.startNewNode();
      List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
      for (int port : cluster.ports) create.add("127.0.0.1:" + port);
      create.add("--cluster-yes");
      cluster.run(create);
      cluster.awaitHealthy();
      return cluster;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** REDIS_URL in cluster mode: every node as a seed. */
  public String seeds() {
    return String.join(",", ports.stream().map(p -> "redis://127.0.0.1:" + p).toList());
  }

  public List<Integer> ports() {
    return List.copyOf(ports);
  }

  /** redis-cli against one node; answers its output. */
  public String cli(int port, String... args) {
    List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
    command.addAll(List.of(args));
    return run(command);
  }

  /** The port of the master that holds {@code key}'s slot now. */
  public int ownerOf(String key) {
    String slot = cli(ports.get(0), "CLUSTER", "KEYSLOT", key).strip();
    for (String line : cli(ports.get(0), "CLUSTER", "NODES").split("\n")) {
      String[] f = line.split(" ");
      if (!f[2].contains("master")) continue;
      for (int i = 8; i < f.length; i++) {
        String[] range = f[i].split("-");
        int s = Integer.parseInt(slot);
        if (range[0].startsWith("[")) continue;
        int from = Integer.parseInt(range[0]);
        int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
        if (s >= from && s <= to) return Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
      }
    }
    throw new IllegalStateException("no master holds " + key);
  }

  public String nodeId(int port) {
    return cli(port, "CLUSTER", "MYID").strip();
  }

  /** Moves every slot of the master on {@code fromPort} to the one on {@code toPort}, with redis-cli. */
  public String reshard(int fromPort, int toPort, int slots) {
    return run(List.of("redis-cli", "--cluster", "reshard", "127.0.0.1:" + fromPort, "--cluster-from", nodeId(fromPort),
        "--cluster-to", nodeId(toPort), "--cluster-slots", Integer.toString(slots), "--cluster-yes"));
  }

  /** SIGKILL: the node is gone at once, as a crashed server. */
  public void kill(int port) {
    Process server = servers.get(ports.indexOf(port));
    server.destroyForcibly();
    Eventually.within(Duration.ofSeconds(10), () -> {
      if (server.isAlive()) throw new AssertionError("still running");
    });
  }

  /** Starts the killed node again on its port, from its nodes.conf: it takes its slots back. */
  public void restart(int port) {
    int index = ports.indexOf(port);
    servers.set(index, launch(port));
    Process server = servers.get(index);
    Eventually.within(Duration.ofSeconds(10), () -> assertOurs(port, server));
    awaitHealthy();
  }

  public void awaitHealthy() {
    Eventually.within(Duration.ofSeconds(30), () -> {
      for (int port : ports) {
        String info = cli(port, "CLUSTER", "INFO");
        if (!info.contains("cluster_state:ok")) throw new AssertionError(port + " not ok yet: " + info);
      }
    });
  }

  private void startNewNode() {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 50_000); // its bus port, +10000, stays below 60000
      Process server = launch(port);
      try {
        Eventually.within(Duration.ofSeconds(5), () -> {
          if (server.isAlive()) assertOurs(port, server);
        });
      } catch (AssertionError notYet) {
        server.destroyForcibly();
        continue;
      }
      if (server.isAlive()) {
        ports.add(port);
        servers.add(server);
        return;
      }
    }
    throw new IllegalStateException("no free port for a Redis Cluster node after " + ATTEMPTS + " attempts");
  }

  private Process launch(int port) {
    try {
      return new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
          "--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf", "--cluster-node-timeout",
          "2000", "--cluster-require-full-coverage", "no", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
          "--logfile", dir.resolve("redis-" + port + ".log").toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Answered by this very process: another server already on the port would answer too. */
  private void assertOurs(int port, Process server) {
    String info;
    try {
      info = cli(port, "INFO", "server");
    } catch (IllegalStateException notListening) {
      throw new AssertionError(port + " does not answer yet");
    }
    if (!info.contains("process_id:" + server.pid())) throw new AssertionError(port + " is not our server (yet)");
  }

  private String run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(120, TimeUnit.SECONDS)) throw new IllegalStateException("timed out: " + command);
      if (p.exitValue() != 0) throw new IllegalStateException(command + " failed: " + out);
      return out;
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) return true;
    }
    return false;
  }

  @Override
  public void close() {
    for (Process server : servers) server.destroyForcibly();
    for (Process server : servers) {
      try {
        server.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary folder: left for the OS
    }
  }
}
