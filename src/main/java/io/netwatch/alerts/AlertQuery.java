package io.netwatch.alerts;

import io.netwatch.model.InvalidPacketException;
import io.netwatch.model.Severity;
import io.netwatch.web.QueryParams;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The filters of {@code GET /api/v1/alerts}, parsed from its query string; the exception names the bad parameter.
 * Any filter may be absent (null, or an empty list). Pure.
 *
 * @param since        alerts last seen at or after this time
 * @param acknowledged false: the "needs attention" list (not acknowledged yet); true: only acknowledged ones
 */
public record AlertQuery(
    String state,
    List<String> severities,
    String detector,
    String srcIp,
    OffsetDateTime since,
    Long beforeId,
    int limit,
    Boolean acknowledged) {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 500;
  private static final List<String> STATES = List.of("engaged", "released");

  public static AlertQuery parse(Function<String, String> param) {
    Severity minimum = QueryParams.severity(param.apply("min_severity"), "min_severity");
    return new AlertQuery(
        oneOf(param.apply("state"), "state", STATES),
        minimum == null ? List.of() : QueryParams.atLeast(minimum),
        oneOf(param.apply("detector"), "detector", Detectors.ALERT_DETECTORS),
        QueryParams.ip(param.apply("src_ip"), "src_ip"),
        QueryParams.time(param.apply("since"), "since"),
        QueryParams.positiveId(param.apply("before_id"), "before_id"),
        QueryParams.limit(param.apply("limit"), DEFAULT_LIMIT, MAX_LIMIT),
        QueryParams.bool(param.apply("acknowledged"), "acknowledged"));
  }

  private static String oneOf(String value, String field, List<String> allowed) {
    if (value == null || value.isBlank()) return null;
    String name = value.strip().toLowerCase(Locale.ROOT);
    if (!allowed.contains(name)) {
      throw new InvalidPacketException(field, field + " must be one of " + String.join(", ", allowed));
    }
    return name;
  }
}
