package io.netwatch.model;

import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.core.spi.JsonFactory;
import io.vertx.core.spi.json.JsonCodec;

/**
 * Makes Vert.x encode and decode JsonObject/JsonArray with Jackson's streaming codec. Vert.x picks its databind
 * codec whenever jackson-databind is on the class path (here for the CSV export), and that one goes through
 * ObjectMapper's untyped map (de)serializers, most of the JSON samples in a profile of the single-packet path.
 * Nothing here maps JSON to POJOs (JsonObject.mapTo/mapFrom), the one thing only the databind codec does.
 * Registered in META-INF/services/io.vertx.core.spi.JsonFactory.
 */
public final class StreamingJsonFactory implements JsonFactory {
  private static final JsonCodec CODEC = new JacksonCodec();

  @Override
  public int order() {
    return 0;
  }

  @Override
  public JsonCodec codec() {
    return CODEC;
  }
}
