package io.netwatch.testing;

import io.netwatch.config.Settings;
import io.netwatch.ops.BoundPorts;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform in a JVM process of its own (the test's classpath, {@code io.netwatch.Main}), so that a
 * test can kill it with SIGKILL or stop it with SIGTERM. Its output goes to target/child-*.log. Given
 * ports of 0 or below (as {@link PlatformUnderTest#config()} has them) it listens on ports the OS picks,
 * and {@link #port} reads them back from its log.
 */
public final class ChildPlatform implements PlatformPorts, AutoCloseable {
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

  /**
   * The port a role last bound to, from the "{@code <role> listening on port <n>}" line {@link BoundPorts}
   * logs; waits for the line while the child starts.
   */
  @Override
  public int port(String role) {
    Pattern line = Pattern.compile(" - " + Pattern.quote(role) + " listening on port (\\d+)( of .*)?$", Pattern.MULTILINE);
    AtomicInteger port = new AtomicInteger();
    Eventually.within(Duration.ofSeconds(60), () -> {
      Matcher m = line.matcher(output());
      while (m.find()) port.set(Integer.parseInt(m.group(1)));
      if (port.get() == 0) {
        if (!process.isAlive()) throw new AssertionError("child platform exited: " + output());
        throw new AssertionError(role + " is not listening yet");
      }
    });
    return port.get();
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
