package io.netwatch.alerts;

import java.util.Map;
import java.util.Set;

/** The body of {@code POST /api/v1/alerts/{id}/ack}: an optional note, and who acknowledged (default admin). Pure. */
public record AckRequest(String note, String by) {
  static final int MAX_NOTE = 1_000;
  static final int MAX_BY = 100;
  static final String DEFAULT_BY = "admin";
  private static final Set<String> FIELDS = Set.of("note", "by");

  public static AckRequest parse(Map<String, Object> body) {
    BodyFields.onlyKnown(body, FIELDS);
    String note = BodyFields.text(body, "note", MAX_NOTE, false);
    String by = BodyFields.text(body, "by", MAX_BY, true);
    return new AckRequest(note, by == null || by.isBlank() ? DEFAULT_BY : by.strip());
  }
}
