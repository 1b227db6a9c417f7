package io.netwatch.model;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * The codec of the pipeline's batches ({@code anomaly.score}, {@code anomaly.store}, {@code anomaly.detect},
 * their replies and {@code anomalies.new}): a JsonObject or an {@link AnomalyBatch}. JSON on the wire, like the
 * default codec, so the bus stays clusterable, and a JsonObject is what a receiver on another node gets; but
 * inside one JVM the receiver gets the sender's object itself instead of a deep copy (the default codec copies
 * every batch on every hop). Safe because neither side changes a batch once it is sent: senders hand it over,
 * receivers only read. A JVM of another program on the same cluster bus reads these messages by registering a
 * codec of the same name that decodes the JSON, e.g. Vert.x's own JsonObject codec under {@link #NAME}.
 */
public final class SharedJson implements MessageCodec<Object, Object> {
  public static final String NAME = "netwatch-json";
  private static final SharedJson INSTANCE = new SharedJson();

  SharedJson() {
  }

  /** Delivery options that send a JsonObject or an {@link AnomalyBatch} with this codec. */
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
  public void encodeToWire(Buffer buffer, Object body) {
    Buffer encoded = (body instanceof AnomalyBatch batch ? batch.toJson() : (JsonObject) body).toBuffer();
    buffer.appendInt(encoded.length());
    buffer.appendBuffer(encoded);
  }

  @Override
  public Object decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    pos += 4;
    return new JsonObject(buffer.slice(pos, pos + length));
  }

  @Override
  public Object transform(Object body) {
    return body;
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
