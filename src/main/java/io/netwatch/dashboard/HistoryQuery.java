package io.netwatch.dashboard;

import io.netwatch.model.InvalidPacketException;
import io.netwatch.model.Severity;
import io.netwatch.persistence.AnomalyQuery;
import io.netwatch.web.QueryParams;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Parses the query string of {@code GET /api/v1/anomalies}; the exception names the bad parameter. */
final class HistoryQuery {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1_000;

  private HistoryQuery() {
  }

  static AnomalyQuery parse(Function<String, String> param) {
    return new AnomalyQuery(
        severities(param.apply("severity"), param.apply("min_severity")),
        QueryParams.ip(param.apply("src_ip"), "src_ip"),
        QueryParams.ip(param.apply("dst_ip"), "dst_ip"),
        QueryParams.time(param.apply("since"), "since"),
        QueryParams.positiveId(param.apply("before_id"), "before_id"),
        QueryParams.limit(param.apply("limit"), DEFAULT_LIMIT, MAX_LIMIT));
  }

  static List<String> severities(String exact, String minimum) {
    List<String> list = new ArrayList<>();
    if (exact != null && !exact.isBlank()) {
      for (String label : exact.split(",")) {
        Severity s = QueryParams.severity(label, "severity");
        if (s == null) throw new InvalidPacketException("severity", "severity must be low, medium, high or critical");
        list.add(s.label());
      }
    }
    Severity min = QueryParams.severity(minimum, "min_severity");
    if (min == null) return list;
    List<String> atLeast = new ArrayList<>(QueryParams.atLeast(min));
    if (!list.isEmpty()) atLeast.retainAll(list);
    if (atLeast.isEmpty()) atLeast.add("none");
    return atLeast;
  }
}
