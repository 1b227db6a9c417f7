package io.netwatch.notify;

import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Alert events to a real rsyslogd over UDP (JSON) and TCP (CEF, octet-counted): they arrive and parse back. */
@DisplayName("Syslog delivery to a real rsyslog: RFC 5424 JSON over UDP and CEF over TCP arrive and parse back")
class SyslogDeliveryTest {
  // <PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG
  static final Pattern RFC5424 = Pattern.compile("<(\\d+)>1 (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) (\\[.*?[^\\\\]\\]) (.*)");

  @Platform
  static PlatformUnderTest platform;
  static Outboxes outboxes;
  static Rsyslog rsyslog;

  @BeforeAll
  static void start() throws Exception {
    Path binary = ReceiverBinaries.require("rsyslogd", "rsyslog");
    rsyslog = new Rsyslog(binary, Path.of("target", "rsyslog-" + ProcessHandle.current().pid()));
    platform.deploy(platform.config().put("notify", new JsonObject().put("tick_ms", 100).put("sweep_ms", 500)));
    outboxes = new Outboxes(platform);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (rsyslog != null) rsyslog.close();
  }

  @Test
  @DisplayName("engaged and released of one alert, through both recipients, with their fields intact")
  void jsonAndCef() {
    outboxes.recipient(new JsonObject().put("name", "siem-json").put("type", "syslog").put("host", "127.0.0.1")
        .put("port", rsyslog.udpPort).put("protocol", "udp").put("format", "json"));
    outboxes.recipient(new JsonObject().put("name", "siem-cef").put("type", "syslog").put("host", "127.0.0.1")
        .put("port", rsyslog.tcpPort).put("protocol", "tcp").put("format", "cef"));
    long alert = outboxes.engage("10.5.0.1", "critical");
    // Reasons CEF must escape (= and \ and a line break) in the msg extension.
    platform.database.execute("UPDATE alerts SET reasons = ARRAY['a=b\\c" + "\n" + "d'] WHERE id = " + alert);
    outboxes.release(alert);

    List<String> json = rsyslog.awaitLines("{\"version\":\"1\"", 2);
    Matcher m = RFC5424.matcher(json.get(0));
    assertThat(m.matches()).as(json.get(0)).isTrue();
    assertThat(Integer.parseInt(m.group(1))).isEqualTo(16 * 8 + 2);
    assertThat(m.group(4)).isEqualTo("netwatch");
    assertThat(m.group(6)).isEqualTo("engaged");
    assertThat(m.group(7)).contains("alert_id=\"" + alert + "\"");
    JsonObject body = new JsonObject(m.group(8));
    assertThat(body.getString("event")).isEqualTo("engaged");
    assertThat(body.getJsonObject("alert").getLong("id")).isEqualTo(alert);
    assertThat(body.getJsonObject("alert").getString("src_ip")).isEqualTo("10.5.0.1");
    assertThat(json.get(1)).contains(" released [");

    List<String> cef = rsyslog.awaitLines("CEF:0|netwatch|netwatch|", 2);
    Matcher c = RFC5424.matcher(cef.get(0));
    assertThat(c.matches()).as(cef.get(0)).isTrue();
    String record = c.group(8);
    List<String> header = splitHeader(record);
    assertThat(header.subList(0, 3)).containsExactly("CEF:0", "netwatch", "netwatch");
    assertThat(header.get(4)).isEqualTo("port_scan");
    assertThat(header.get(6)).isEqualTo("10");
    Map<String, String> ext = extension(header.get(7));
    assertThat(ext).containsEntry("src", "10.5.0.1").containsEntry("dst", "10.9.9.9").containsEntry("cnt", "15")
        .containsEntry("act", "engaged");
    assertThat(ext.get("externalId")).startsWith("alert-" + alert + "-");
    Matcher released = RFC5424.matcher(cef.get(1));
    assertThat(released.matches()).as(cef.get(1)).isTrue();
    assertThat(extension(splitHeader(released.group(8)).get(7)).get("msg")).endsWith("reasons a=b\\c\nd");
  }

  /** The 7 header fields and the extension, split on unescaped pipes. */
  static List<String> splitHeader(String record) {
    List<String> fields = new java.util.ArrayList<>();
    StringBuilder field = new StringBuilder();
    for (int i = 0; i < record.length(); i++) {
      char ch = record.charAt(i);
      if (fields.size() < 7 && ch == '\\' && i + 1 < record.length()) {
        field.append(record.charAt(++i));
      } else if (fields.size() < 7 && ch == '|') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(ch);
      }
    }
    fields.add(field.toString());
    return fields;
  }

  /** key=value pairs; a value runs to the next unescaped "key=" and is unescaped as CEF says. */
  static Map<String, String> extension(String text) {
    Map<String, String> pairs = new HashMap<>();
    Matcher keys = Pattern.compile("(?:^| )([A-Za-z0-9]+)=").matcher(text);
    List<int[]> at = new java.util.ArrayList<>();
    List<String> names = new java.util.ArrayList<>();
    while (keys.find()) {
      if (keys.start(1) > 0 && text.charAt(keys.start(1) - 2) == '\\') continue;
      at.add(new int[] {keys.start(), keys.end()});
      names.add(keys.group(1));
    }
    for (int i = 0; i < at.size(); i++) {
      String raw = text.substring(at.get(i)[1], i + 1 < at.size() ? at.get(i + 1)[0] : text.length());
      pairs.put(names.get(i), raw.replace("\\n", "\n").replace("\\r", "\r").replace("\\=", "=").replace("\\\\", "\\"));
    }
    return pairs;
  }
}
