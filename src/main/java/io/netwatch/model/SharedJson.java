package io.netwatch.model;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * The codec of the pipeline's batches ({@code anomaly.score}, {@code anomaly.store} and their replies):
 * JSON on the wire, like the default one, so the bus stays clusterable; but inside one JVM the receiver
 * gets the sender's object instead of a deep copy (the default codec copies every batch on every hop).
 * Safe because neither side changes a batch once it is sent: senders hand it over, receivers only read.
 * A JVM of another program on the same cluster bus reads these messages by registering a codec of the
 * same name that decodes the JSON, e.g. Vert.x's own JsonObject codec under {@link #NAME}.
 */
public final class SharedJson implements MessageCodec<JsonObject, JsonObject> {
  public static final String NAME = "netwatch-json";
  private static final SharedJson INSTANCE = new SharedJson();

  SharedJson() {
  }

  /** Delivery options that send a JSON object with this codec. */
  public static DeliveryOptions options() {
    return new DeliveryOptions().setCodecName(NAME);
  }

  /** Registers the codec on this event bus once; whatever sends or receives with it calls this. */
  public static synchronized void register(EventBus eventBus) {
    try {
      eventBus.registerCodec(INSTANCE);
    } catch (IllegalStateException alreadyRegistered) {
      // another verticle of this JVM registered it first
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, JsonObject json) {
    Buffer encoded = json.toBuffer();
    buffer.appendInt(encoded.length());
    buffer.appendBuffer(encoded);
  }

  @Override
  public JsonObject decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    pos += 4;
    return new JsonObject(buffer.slice(pos, pos + length));
  }

  @Override
  public JsonObject transform(JsonObject json) {
    return json;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
