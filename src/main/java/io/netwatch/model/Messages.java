package io.netwatch.model;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON shapes of packets and anomalies on the stream and the event bus. Keys are snake_case, as the
 * ingest fields are.
 */
public final class Messages {
  private static final JsonFactory JSON_FACTORY = new JsonFactory();
  public static final String STREAM_ID = "stream_id";
  public static final String RECEIVED_AT = "received_at";
  /** A packet's capture time in epoch microseconds, when its sensor sent one. */
  public static final String TS = "ts";
  public static final String SENSOR = "sensor";

  private Messages() {
  }

  public static JsonObject packet(Packet p) {
    JsonObject json = new JsonObject()
        .put("src_ip", p.srcIp())
        .put("dst_ip", p.dstIp())
        .put("protocol", p.protocol())
        .put("src_port", p.srcPort())
        .put("dst_port", p.dstPort())
        .put("payload_len", p.payloadLen())
        .put("ttl", p.ttl())
        .put("tcp_flags", p.tcpFlags())
        .put("payload_hex", p.payloadHex())
        .put("pkt_rate", p.pktRate());
    return withCapture(json, p);
  }

  /** ts and sensor only when sent: the shapes of packets without them stay as they were. */
  private static JsonObject withCapture(JsonObject json, Packet p) {
    if (p.capturedAtMicros() != null) json.put(TS, p.capturedAtMicros());
    if (p.sensor() != null) json.put(SENSOR, p.sensor());
    return json;
  }

  /**
   * An anomaly's event time in the JSON shape {@link #anomaly} writes: its ts (epoch microseconds) in milliseconds
   * when sent, else its received_at; as {@link Anomaly#eventTimeMillis()} for the typed form.
   */
  public static long eventTimeMillis(JsonObject anomaly) {
    Object ts = anomaly.getValue(TS);
    if (ts instanceof Number micros) return Math.floorDiv(micros.longValue(), 1000L);
    return anomaly.getLong(RECEIVED_AT, 0L);
  }

  /**
   * The JSON that {@link #packet} encodes to, written straight to UTF-8 bytes with Jackson's generator: ingest
   * writes one per packet into the stream, and this builds no map to encode it.
   */
  public static byte[] packetJson(Packet p) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON_FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      json.writeStartObject();
      json.writeStringField("src_ip", p.srcIp());
      json.writeStringField("dst_ip", p.dstIp());
      json.writeStringField("protocol", p.protocol());
      json.writeNumberField("src_port", p.srcPort());
      json.writeNumberField("dst_port", p.dstPort());
      json.writeNumberField("payload_len", p.payloadLen());
      json.writeFieldName("ttl");
      if (p.ttl() == null) json.writeNull(); else json.writeNumber(p.ttl());
      json.writeNumberField("tcp_flags", p.tcpFlags());
      json.writeStringField("payload_hex", p.payloadHex());
      json.writeNumberField("pkt_rate", p.pktRate());
      if (p.capturedAtMicros() != null) json.writeNumberField(TS, p.capturedAtMicros());
      if (p.sensor() != null) json.writeStringField(SENSOR, p.sensor());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // an in-memory stream does not fail
    }
    return out.toByteArray();
  }

  /** An anomaly as sent to persistence: the packet fields plus the score; received_at in epoch millis. */
  public static JsonObject anomaly(Anomaly a) {
    return packet(a.packet())
        .put(STREAM_ID, a.streamId())
        .put("entropy", a.entropy())
        .put("score", a.score())
        .put("severity", a.severity().label())
        .put("reasons", new JsonArray(new ArrayList<>(a.reasons())))
        .put(RECEIVED_AT, a.receivedAtMillis());
  }

  public static JsonObject anomalies(List<JsonObject> anomalies) {
    return new JsonObject().put("anomalies", new JsonArray(new ArrayList<>(anomalies)));
  }

  public static List<String> strings(JsonArray array) {
    List<String> list = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) list.add(String.valueOf(array.getValue(i)));
    return list;
  }

  public static List<JsonObject> jsonObjects(JsonArray array) {
    List<JsonObject> list = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) list.add(array.getJsonObject(i));
    return list;
  }
}
