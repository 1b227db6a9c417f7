package io.netwatch;

import io.netwatch.config.DotEnv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The platform's own command-line option, {@code -env FILE}, taken out before the Vert.x launcher sees
 * the rest. Without it, a {@code .env} file in the working directory is read if there is one.
 */
record LaunchArguments(String[] launcherArgs, Path envFile) {
  private static final Logger log = LoggerFactory.getLogger(LaunchArguments.class);

  /** @throws IllegalArgumentException when -env has no file or names one that does not exist */
  static LaunchArguments parse(String[] args) {
    List<String> rest = new ArrayList<>();
    Path envFile = null;
    for (int i = 0; i < args.length; i++) {
      if (!args[i].equals("-env")) {
        rest.add(args[i]);
        continue;
      }
      if (i + 1 >= args.length) throw new IllegalArgumentException("-env needs a file name, e.g. -env .env");
      envFile = Path.of(args[++i]);
      if (!Files.isRegularFile(envFile)) {
        throw new IllegalArgumentException("environment file " + envFile + " (given with -env) does not exist");
      }
    }
    if (envFile == null && Files.isRegularFile(Path.of(DotEnv.DEFAULT_FILE))) envFile = Path.of(DotEnv.DEFAULT_FILE);
    return new LaunchArguments(rest.toArray(String[]::new), envFile);
  }

  /** The real environment over the file's variables; only the names read from the file are logged. */
  Map<String, String> environment(Map<String, String> real) {
    if (envFile == null) return real;
    Map<String, String> file = DotEnv.read(envFile);
    log.info("read {} variable(s) from {}: {}{}", file.size(), envFile, file.keySet(),
        file.keySet().stream().anyMatch(real::containsKey) ? " (the process environment wins where both set one)" : "");
    return DotEnv.overlay(file, real);
  }
}
