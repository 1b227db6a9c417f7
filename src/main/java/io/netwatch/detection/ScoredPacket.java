package io.netwatch.detection;

import io.netwatch.model.Severity;

import java.util.List;

/** What the detectors read of a stored anomaly row. */
public record ScoredPacket(String srcIp, String dstIp, String protocol, int dstPort, int tcpFlags, double score,
    Severity severity, List<String> reasons, long receivedAtMillis) {
}
