package io.netwatch.testing;

import io.netwatch.config.Settings;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The platform in a JVM process of its own (the test's classpath, {@code io.netwatch.Main}), so that a
 * test can kill it with SIGKILL or stop it with SIGTERM. Its output goes to target/child-*.log.
 */
public final class ChildPlatform implements AutoCloseable {
  private final Process process;
  public final Path log;

  public ChildPlatform(String name, JsonObject config) {
    this(name, config, java.util.List.of(), java.util.List.of());
  }

  /** With extra JVM options (e.g. -Dvertx.hazelcast.config=...) and launcher arguments (e.g. -cluster). */
  public ChildPlatform(String name, JsonObject config, java.util.List<String> jvmOptions,
                       java.util.List<String> launcherArgs) {
    try {
      log = Path.of("target", "child-" + name + "-" + System.nanoTime() + ".log");
      Files.createDirectories(log.getParent());
      java.util.List<String> command = new java.util.ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx256m");
      command.add("-D" + io.netwatch.embedded.EmbeddedDatastores.DATA_DIR_PROPERTY + "=" + TestDatastores.EMBEDDED_DATA);
      command.addAll(jvmOptions);
      command.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), "io.netwatch.Main",
          "-conf", config.encode()));
      command.addAll(launcherArgs);
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(log.toFile());
      // Only the config decides: none of the machine's setting variables may leak in.
      for (String key : Settings.DEFAULTS.keySet()) builder.environment().remove(key.toUpperCase(Locale.ROOT));
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public ChildPlatform awaitStarted() {
    Eventually.within(Duration.ofSeconds(60), () -> {
      if (!process.isAlive()) throw new AssertionError("child platform exited: " + output());
      if (!output().contains("Succeeded in deploying verticle")) throw new AssertionError("not started yet");
    });
    return this;
  }

  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  /** SIGKILL: no shutdown hook runs, nothing is finished or acknowledged. */
  public void kill() {
    process.destroyForcibly();
    waitFor(10);
  }

  /** SIGTERM: the orderly shutdown; returns how long the process took to exit. */
  public Duration terminate(int maxSeconds) {
    long start = System.nanoTime();
    process.destroy();
    waitFor(maxSeconds);
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private void waitFor(int seconds) {
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("child platform did not exit within " + seconds + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) process.destroyForcibly();
  }
}
