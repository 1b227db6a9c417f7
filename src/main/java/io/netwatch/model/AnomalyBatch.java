package io.netwatch.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * A batch of scored packets on the bus, as the scorer answers and persistence and detection receive it. Inside
 * one JVM it travels as itself ({@link SharedJson}), so no stage builds or reads a JSON tree per packet; between
 * nodes it travels as {@link #toJson()}, the JSON shape those addresses document, and arrives as that JsonObject.
 * Receivers take either. Nobody changes a batch once it is sent.
 *
 * @param rejected the scorer's {"index", "stream_id", "error"} for each packet it refused; null when the batch
 *                 is not a scorer's answer
 */
public record AnomalyBatch(List<Anomaly> anomalies, JsonArray rejected) {

  /** A batch to store or to detect on: the anomalies only. */
  public static AnomalyBatch of(List<Anomaly> anomalies) {
    return new AnomalyBatch(anomalies, null);
  }

  /** {"anomalies": [...]}, plus "rejected" for a scorer's answer. */
  public JsonObject toJson() {
    List<JsonObject> rows = new ArrayList<>(anomalies.size());
    for (Anomaly anomaly : anomalies) rows.add(Messages.anomaly(anomaly));
    JsonObject json = Messages.anomalies(rows);
    return rejected == null ? json : json.put("rejected", rejected);
  }
}
