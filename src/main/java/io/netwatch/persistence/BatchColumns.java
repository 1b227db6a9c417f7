package io.netwatch.persistence;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch's anomalies as the insert's column arrays, and the rows published after commit, built from those same
 * values rather than returned by the statement column by column: in the profile, decoding and formatting
 * returned rows cost more than building the arrays.
 */
final class BatchColumns {
  private final String[] streamIds;
  private final String[] srcIps;
  private final String[] dstIps;
  private final String[] protocols;
  private final Integer[] srcPorts;
  private final Integer[] dstPorts;
  private final Integer[] payloadLens;
  private final Integer[] ttls;
  private final Integer[] tcpFlags;
  private final Double[] rates;
  private final Double[] entropies;
  private final Double[] scores;
  private final String[] severities;
  private final List<List<String>> reasons;
  private final String[] joinedReasons;
  private final Long[] receivedAt;
  /** Epoch microseconds; null where the sensor sent no ts. */
  private final Long[] capturedAt;
  private final String[] sensors;
  /** stream_id@received_at to index: the statement answers only the rows it inserted, in no set order. */
  private final Map<String, Integer> indexByKey;

  BatchColumns(int n) {
    streamIds = new String[n];
    srcIps = new String[n];
    dstIps = new String[n];
    protocols = new String[n];
    srcPorts = new Integer[n];
    dstPorts = new Integer[n];
    payloadLens = new Integer[n];
    ttls = new Integer[n];
    tcpFlags = new Integer[n];
    rates = new Double[n];
    entropies = new Double[n];
    scores = new Double[n];
    severities = new String[n];
    reasons = new ArrayList<>(java.util.Collections.nCopies(n, null));
    joinedReasons = new String[n];
    receivedAt = new Long[n];
    capturedAt = new Long[n];
    sensors = new String[n];
    indexByKey = new HashMap<>(n * 2);
  }

  /** Anomaly {@code i}'s columns, in the insert's column order. */
  @SuppressWarnings("java:S107") // one parameter per column: the row is flat
  void set(int i, String streamId, String srcIp, String dstIp, String protocol, Integer srcPort, Integer dstPort,
      Integer payloadLen, Integer ttl, Integer flags, Double rate, Double entropy, Double score, String severity,
      List<String> reasonList, Long receivedAtMillis, Long capturedAtMicros, String sensor) {
    streamIds[i] = streamId;
    srcIps[i] = srcIp;
    dstIps[i] = dstIp;
    protocols[i] = protocol;
    srcPorts[i] = srcPort;
    dstPorts[i] = dstPort;
    payloadLens[i] = payloadLen;
    ttls[i] = ttl;
    tcpFlags[i] = flags;
    rates[i] = rate;
    entropies[i] = entropy;
    scores[i] = score;
    severities[i] = severity;
    reasons.set(i, reasonList);
    joinedReasons[i] = String.join(",", reasonList);
    receivedAt[i] = receivedAtMillis;
    capturedAt[i] = capturedAtMicros;
    sensors[i] = sensor;
    indexByKey.put(key(streamId, receivedAtMillis), i);
  }

  Tuple tuple() {
    return Tuple.of(streamIds, srcIps, dstIps, protocols, srcPorts, dstPorts, payloadLens, ttls, tcpFlags,
        rates, entropies, scores, severities, joinedReasons, receivedAt, capturedAt, sensors);
  }

  /** Only once the insert succeeded: a missing received_at fails it. */
  long[] receivedAtMillis() {
    long[] millis = new long[receivedAt.length];
    for (int i = 0; i < millis.length; i++) millis[i] = receivedAt[i];
    return millis;
  }

  int indexOf(String streamId, long receivedAtMillis) {
    return indexByKey.get(key(streamId, receivedAtMillis));
  }

  private static String key(String streamId, Long receivedAtMillis) {
    return streamId + "@" + receivedAtMillis;
  }

  /** Anomaly {@code i} as {@link AnomalyRows#toJson(Row)} would read its row back; id and addresses from {@code row}. */
  JsonObject publishedRow(Row row, int i, String createdIso, String receivedIso) {
    return AnomalyRows.fromDatabase(row)
        .put("protocol", protocols[i])
        .put("src_port", srcPorts[i])
        .put("dst_port", dstPorts[i])
        .put("payload_len", payloadLens[i])
        .put("ttl", ttls[i])
        .put("tcp_flags", tcpFlags[i])
        .put("pkt_rate", rates[i])
        .put("entropy", entropies[i])
        .put("score", scores[i])
        .put("severity", severities[i])
        .put("reasons", new JsonArray(reasons.get(i)))
        .put("received_at", receivedIso)
        .put("created_at", createdIso)
        .put("captured_at", capturedAt[i] == null ? null : AnomalyRows.isoMicros(capturedAt[i]))
        .put("sensor", sensors[i]);
  }
}
