package io.netwatch.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts Vert.x JSON into plain maps and lists all the way down, for the pure classes: a JsonObject's
 * map may hold nested JsonObject/JsonArray or Map/List depending on how it was built.
 */
public final class PlainJson {
  private PlainJson() {
  }

  public static Map<String, Object> map(JsonObject json) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : json.getMap().entrySet()) map.put(e.getKey(), plain(e.getValue()));
    return map;
  }

  @SuppressWarnings("unchecked")
  private static Object plain(Object value) {
    if (value instanceof JsonObject o) return map(o);
    if (value instanceof Map<?, ?> m) return map(new JsonObject((Map<String, Object>) m));
    if (value instanceof JsonArray a) return list(a.getList());
    if (value instanceof List<?> l) return list(l);
    return value;
  }

  private static List<Object> list(List<?> values) {
    List<Object> list = new ArrayList<>(values.size());
    for (Object v : values) list.add(plain(v));
    return list;
  }
}
