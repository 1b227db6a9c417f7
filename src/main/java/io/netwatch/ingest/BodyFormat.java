package io.netwatch.ingest;

import java.util.Locale;

/** Which body formats ingest accepts, judged from the Content-Type header. */
final class BodyFormat {
  private BodyFormat() {
  }

  static boolean isNdjson(String contentType) {
    String type = mediaType(contentType);
    return type.equals("application/x-ndjson") || type.equals("application/ndjson")
        || type.equals("application/jsonlines");
  }

  /**
   * JSON is accepted without a Content-Type and with curl's default form type, as the old middleware
   * did: sensors post with {@code curl -d} and the body is JSON whatever the header says.
   */
  static boolean isJson(String contentType) {
    String type = mediaType(contentType);
    return type.isEmpty() || type.equals("application/json") || type.endsWith("+json")
        || type.equals("text/json") || type.equals("application/x-www-form-urlencoded");
  }

  private static String mediaType(String contentType) {
    if (contentType == null) return "";
    int semicolon = contentType.indexOf(';');
    String type = semicolon >= 0 ? contentType.substring(0, semicolon) : contentType;
    return type.strip().toLowerCase(Locale.ROOT);
  }
}
