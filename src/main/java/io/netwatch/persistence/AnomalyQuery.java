package io.netwatch.persistence;

import java.time.OffsetDateTime;
import java.util.List;

/** Filters of a history read: any of them may be absent (null or empty). */
public record AnomalyQuery(
    List<String> severities,
    String srcIp,
    String dstIp,
    OffsetDateTime since,
    Long beforeId,
    int limit) {
}
