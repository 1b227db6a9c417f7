package io.netwatch.ingest;

import io.netty.buffer.Unpooled;
import io.netwatch.model.InvalidPacketException;
import io.netwatch.model.Packet;
import io.netwatch.model.PacketValidator;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An ingest request body to validated packets: one JSON object, a JSON array of 1..{@value #MAX_BATCH}
 * objects, or NDJSON (one object a line, blank lines skipped). A batch is all or nothing: its first bad
 * packet fails the whole body. Pure: no I/O and no Vert.x instance; Vert.x's JSON codec decodes, so
 * values reach {@link PacketValidator} exactly as they always have.
 */
final class IngestBodyParser {
  static final int MAX_BATCH = 10_000;

  private final PacketValidator validator;

  IngestBodyParser(PacketValidator validator) {
    this.validator = validator;
  }

  /** The packets of a body, and whether it was a batch (an array or NDJSON, even of one packet). */
  record IngestBody(List<Packet> packets, boolean batch) {
  }

  /**
   * @throws InvalidPacketException for the body as a whole, or the one packet of a non-batch body
   * @throws BatchPacketException for one packet of a batch, with its index
   */
  IngestBody parse(byte[] body, String contentType) {
    return parse(body, body.length, contentType);
  }

  /** As {@link #parse(byte[], String)}, for a body in the first {@code length} bytes of {@code bytes}. */
  IngestBody parse(byte[] bytes, int length, String contentType) {
    if (length == 0) throw new InvalidPacketException("body", "request body is empty");
    if (BodyFormat.isNdjson(contentType)) {
      return new IngestBody(parseNdjson(new String(bytes, 0, length, StandardCharsets.UTF_8)), true);
    }
    Object decoded = decode(bytes, length);
    if (decoded instanceof JsonObject object) {
      return new IngestBody(List.of(validator.validate(object.getMap())), false);
    }
    if (decoded instanceof JsonArray array) {
      return new IngestBody(parseArray(array), true);
    }
    throw new InvalidPacketException("body", "body must be a JSON object or an array of objects");
  }

  private List<Packet> parseArray(JsonArray array) {
    if (array.isEmpty()) throw noPacket();
    if (array.size() > MAX_BATCH) throw tooManyPackets();
    List<Packet> packets = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      packets.add(validateElement(array.getValue(i), i));
    }
    return packets;
  }

  private List<Packet> parseNdjson(String text) {
    List<Packet> packets = new ArrayList<>();
    int index = 0;
    for (String line : text.split("\n")) {
      if (line.isBlank()) continue;
      if (index >= MAX_BATCH) throw tooManyPackets();
      Object decoded;
      try {
        decoded = Json.decodeValue(line);
      } catch (DecodeException e) {
        throw new BatchPacketException(index, "line", "packet " + index + ": line is not valid JSON");
      }
      packets.add(validateElement(decoded, index++));
    }
    if (packets.isEmpty()) throw noPacket();
    return packets;
  }

  private Packet validateElement(Object element, int index) {
    if (!(element instanceof JsonObject object)) {
      throw new BatchPacketException(index, "body", "packet " + index + ": must be a JSON object");
    }
    try {
      return validator.validate(object.getMap());
    } catch (InvalidPacketException e) {
      throw new BatchPacketException(index, e.field(), "packet " + index + ": " + e.getMessage());
    }
  }

  /** Decodes in place: the bytes are wrapped, not copied. */
  private static Object decode(byte[] bytes, int length) {
    try {
      return Json.decodeValue(BufferInternal.buffer(Unpooled.wrappedBuffer(bytes, 0, length)));
    } catch (DecodeException e) {
      throw new InvalidPacketException("body", "body is not valid JSON");
    }
  }

  private static InvalidPacketException noPacket() {
    return new InvalidPacketException("body", "batch must hold at least one packet");
  }

  private static InvalidPacketException tooManyPackets() {
    return new InvalidPacketException("body", "batch must hold at most " + MAX_BATCH + " packets");
  }
}
