package io.netwatch.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Prometheus's own command-line checker, from Debian's prometheus package. Without it on the PATH a test
 * that needs it is skipped with a message, except with -Dpromtool.required=true (CI), where it fails.
 */
public final class Promtool {
  /** What promtool printed (standard output and error) and its exit status. */
  public record Result(int exitCode, List<String> lines) {
  }

  private final Path executable;

  private Promtool(Path executable) {
    this.executable = executable;
  }

  public static Promtool required() {
    Path found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst().orElse(null);
    if (found == null) {
      String missing = "this test needs promtool (apt-get install -y prometheus)";
      if (Boolean.getBoolean("promtool.required")) throw new IllegalStateException(missing);
      System.err.println("SKIPPED: " + missing);
      Assumptions.abort(missing);
    }
    return new Promtool(found);
  }

  /** Runs {@code promtool args...} with {@code input} on its standard input. */
  public Result run(String input, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(executable.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(input.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("promtool did not finish within 30 s");
    }
    return new Result(process.exitValue(), output.lines().filter(line -> !line.isBlank()).toList());
  }
}
