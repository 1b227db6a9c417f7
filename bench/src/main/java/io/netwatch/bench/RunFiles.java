package io.netwatch.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The files bench/run.sh leaves in its work directory: one JSON object a line, and the run's meta.json. */
final class RunFiles {
  private final Path dir;
  final JsonObject meta;

  RunFiles(Path dir) throws IOException {
    this.dir = dir;
    this.meta = object("meta.json");
  }

  /** Every JSON object of a file, one a line; none when the file is missing. */
  List<JsonObject> lines(String file) throws IOException {
    Path path = dir.resolve(file);
    List<JsonObject> list = new ArrayList<>();
    if (!Files.exists(path)) return list;
    for (String line : Files.readAllLines(path)) {
      line = line.strip();
      if (line.startsWith("{")) list.add(new JsonObject(line));
    }
    return list;
  }

  /** A file's last JSON object; an empty one when there is none. */
  JsonObject object(String file) throws IOException {
    List<JsonObject> list = lines(file);
    return list.isEmpty() ? new JsonObject() : list.get(list.size() - 1);
  }
}
