package io.netwatch.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@code .env} file, as the old system was configured: {@code NAME=value} lines, {@code #} comments,
 * an optional {@code export } prefix, values optionally in single or double quotes. Real environment
 * variables always win over the file. Values are never logged: they hold tokens and passwords.
 */
public final class DotEnv {
  public static final String DEFAULT_FILE = ".env";
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private DotEnv() {
  }

  /**
   * The variables of a file.
   *
   * @throws IllegalArgumentException naming the file and line of anything that is not a setting
   */
  public static Map<String, String> read(Path file) {
    try {
      return parse(Files.readAllLines(file), file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
    }
  }

  static Map<String, String> parse(List<String> lines, String source) {
    Map<String, String> variables = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      if (line.startsWith("export ")) line = line.substring("export ".length()).strip();
      int equals = line.indexOf('=');
      String name = equals < 0 ? line : line.substring(0, equals).strip();
      if (equals < 0 || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(source + " line " + (i + 1) + " is not NAME=value");
      }
      variables.put(name, unquote(line.substring(equals + 1).strip(), source, i + 1));
    }
    return variables;
  }

  private static String unquote(String value, String source, int line) {
    if (value.length() >= 1 && (value.charAt(0) == '"' || value.charAt(0) == '\'')) {
      char quote = value.charAt(0);
      int end = value.indexOf(quote, 1);
      if (end < 0) throw new IllegalArgumentException(source + " line " + line + " has an unclosed quote");
      return value.substring(1, end);
    }
    int comment = value.indexOf(" #");
    return (comment < 0 ? value : value.substring(0, comment)).strip();
  }

  /** The file's variables overlaid by the real environment: a variable set in both keeps its real value. */
  public static Map<String, String> overlay(Map<String, String> file, Map<String, String> environment) {
    Map<String, String> merged = new LinkedHashMap<>(file);
    merged.putAll(environment);
    return Map.copyOf(merged);
  }
}
