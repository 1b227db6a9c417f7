package io.netwatch.model;

import java.util.List;

/** A scored packet: what the scorers produce and persistence stores, one row per stream entry. */
public record Anomaly(
    String streamId,
    Packet packet,
    double entropy,
    double score,
    Severity severity,
    List<String> reasons,
    long receivedAtMillis) {
}
