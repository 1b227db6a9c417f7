package io.netwatch.notify;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * RFC 5424 syslog messages of alert events: {@code <PRI>1 TIMESTAMP HOST netwatch - EVENT [netwatch@32473
 * alert_id=".." event=".."] MSG}, MSG the webhook's JSON body or a CEF record; framed for TCP by octet counting
 * (RFC 6587). Facility local0; severity from the alert's. Pure.
 */
public final class SyslogMessage {
  /** RFC 5612's documentation enterprise number: netwatch has none of its own. */
  static final String SD_ID = "netwatch@32473";
  static final int FACILITY_LOCAL0 = 16;
  static final String VERSION = version();

  private SyslogMessage() {
  }

  public static String format(OutboxEvent event, String format, String hostname, Instant now) {
    JsonObject alert = event.alert();
    int pri = FACILITY_LOCAL0 * 8 + syslogSeverity(event.event(), alert.getString("severity"));
    String sd = "[" + SD_ID + " alert_id=\"" + sdValue(String.valueOf(event.alertId())) + "\" event=\""
        + sdValue(event.event()) + "\" id=\"" + sdValue(event.messageId()) + "\"]";
    String msg = "cef".equals(format) ? cef(event) : WebhookPayload.body(event);
    // TIME-SECFRAC has at most 6 digits: milliseconds, never Instant's nanoseconds.
    return "<" + pri + ">1 " + now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS) + " " + header(hostname, 255) + " netwatch - " + header(event.event(), 32) + " " + sd
        + " " + msg;
  }

  /** TCP framing: the message's length in octets, a space, the message. */
  public static byte[] octetCounted(String message) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    byte[] prefix = (bytes.length + " ").getBytes(StandardCharsets.US_ASCII);
    byte[] framed = new byte[prefix.length + bytes.length];
    System.arraycopy(prefix, 0, framed, 0, prefix.length);
    System.arraycopy(bytes, 0, framed, prefix.length, bytes.length);
    return framed;
  }

  /** {@code CEF:0|netwatch|netwatch|version|detector|summary|0-10|src=.. dst=.. dpt=.. cnt=..}. */
  public static String cef(OutboxEvent event) {
    JsonObject alert = event.alert();
    StringBuilder ext = new StringBuilder();
    extension(ext, "src", alert.getString("src_ip"));
    extension(ext, "dst", alert.getString("dst_ip"));
    extension(ext, "dpt", alert.getInteger("dst_port") == null ? null : alert.getInteger("dst_port").toString());
    extension(ext, "cnt", String.valueOf(alert.getLong("packet_count", 0L)));
    extension(ext, "act", event.event());
    extension(ext, "externalId", event.messageId());
    extension(ext, "msg", AlertText.description(alert));
    return "CEF:0|netwatch|netwatch|" + cefHeader(VERSION) + "|" + cefHeader(alert.getString("detector", "alert")) + "|"
        + cefHeader(AlertText.summary(alert)) + "|" + cefSeverity(alert.getString("severity")) + "|" + ext;
  }

  /** CEF header fields escape backslash and pipe. */
  static String cefHeader(String value) {
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
  }

  /** CEF extension values escape backslash and equals sign, and write line breaks as \n and \r. */
  static String cefValue(String value) {
    return value.replace("\\", "\\\\").replace("=", "\\=").replace("\r", "\\r").replace("\n", "\\n");
  }

  private static void extension(StringBuilder ext, String key, String value) {
    if (value == null) return;
    if (!ext.isEmpty()) ext.append(' ');
    ext.append(key).append('=').append(cefValue(value));
  }

  static int cefSeverity(String severity) {
    return switch (severity == null ? "" : severity) {
      case "critical" -> 10;
      case "high" -> 8;
      case "medium" -> 5;
      default -> 3;
    };
  }

  /** crit, err, warning, notice by the alert's severity; info for a release or an acknowledgement. */
  static int syslogSeverity(String event, String severity) {
    if ("released".equals(event) || "acknowledged".equals(event)) return 6;
    return switch (severity == null ? "" : severity) {
      case "critical" -> 2;
      case "high" -> 3;
      case "medium" -> 4;
      default -> 5;
    };
  }

  /** SD-PARAM values escape backslash, quote and closing bracket (RFC 5424 6.3.3). */
  static String sdValue(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]");
  }

  /** HEADER fields are printable US-ASCII without spaces, or "-". */
  static String header(String value, int max) {
    if (value == null || value.isEmpty()) return "-";
    StringBuilder s = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (s.length() == max) break;
      s.append(c > 32 && c < 127 ? c : '_');
    }
    return s.toString();
  }

  private static String version() {
    String v = SyslogMessage.class.getPackage().getImplementationVersion();
    return v == null ? "1.0" : v;
  }
}
