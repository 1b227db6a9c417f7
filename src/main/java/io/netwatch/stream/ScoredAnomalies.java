package io.netwatch.stream;

import io.netwatch.model.AnomalyBatch;
import io.netwatch.model.Messages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A scorer's answer as the pipeline passes it on to persistence and detection: the typed batch from a scorer in
 * this JVM, the JSON from one on another node. Exactly one of {@code typed} and {@code json} is set.
 */
record ScoredAnomalies(AnomalyBatch typed, JsonArray json, JsonArray rejected) {

  /** The scorer's reply body: an {@link AnomalyBatch}, or {"anomalies": [...], "rejected": [...]}. */
  static ScoredAnomalies of(Object reply) {
    if (reply instanceof AnomalyBatch batch) {
      return new ScoredAnomalies(AnomalyBatch.of(batch.anomalies()), null,
          batch.rejected() == null ? new JsonArray() : batch.rejected());
    }
    JsonObject json = (JsonObject) reply;
    return new ScoredAnomalies(null, json.getJsonArray("anomalies", new JsonArray()),
        json.getJsonArray("rejected", new JsonArray()));
  }

  int size() {
    return typed != null ? typed.anomalies().size() : json.size();
  }

  boolean isEmpty() {
    return size() == 0;
  }

  /** The body of an {@code anomaly.store} or {@code anomaly.detect} request: {"anomalies": [...]}. */
  Object body() {
    return typed != null ? typed : new JsonObject().put("anomalies", json);
  }

  /** Anomaly {@code i} alone. */
  ScoredAnomalies single(int i) {
    return typed != null
        ? new ScoredAnomalies(AnomalyBatch.of(List.of(typed.anomalies().get(i))), null, rejected)
        : new ScoredAnomalies(null, new JsonArray().add(json.getJsonObject(i)), rejected);
  }

  String streamId(int i) {
    return typed != null ? typed.anomalies().get(i).streamId() : json.getJsonObject(i).getString(Messages.STREAM_ID);
  }
}
