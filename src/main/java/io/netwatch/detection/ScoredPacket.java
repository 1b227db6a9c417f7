package io.netwatch.detection;

import io.netwatch.model.Severity;

import java.util.List;

/**
 * What the detectors read of a stored anomaly row. {@code eventAtMillis}: the packet's capture time when its
 * sensor sent one, else when ingest received it; the detectors count by it.
 */
public record ScoredPacket(String srcIp, String dstIp, String protocol, int dstPort, int tcpFlags, double score,
    Severity severity, List<String> reasons, long eventAtMillis) {
}
