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

  /** How a body is encoded (Content-Encoding): as sent, gzip, or something ingest does not take (415). */
  enum Encoding { IDENTITY, GZIP, UNSUPPORTED }

  static Encoding encoding(String contentEncoding) {
    if (contentEncoding == null) return Encoding.IDENTITY;
    String coding = contentEncoding.strip().toLowerCase(Locale.ROOT);
    if (coding.isEmpty() || coding.equals("identity")) return Encoding.IDENTITY;
    // x-gzip: the old name, which RFC 9110 asks recipients to read as gzip.
    return coding.equals("gzip") || coding.equals("x-gzip") ? Encoding.GZIP : Encoding.UNSUPPORTED;
  }

  private static String mediaType(String contentType) {
    if (contentType == null) return "";
    int semicolon = contentType.indexOf(';');
    String type = semicolon >= 0 ? contentType.substring(0, semicolon) : contentType;
    return type.strip().toLowerCase(Locale.ROOT);
  }
}
