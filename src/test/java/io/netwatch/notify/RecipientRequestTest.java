package io.netwatch.notify;

import io.netwatch.model.InvalidPacketException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Recipient bodies: defaults, each type's settings, and every refusal naming its field")
class RecipientRequestTest {
  static final String WEBHOOK = "{\"name\": \"ops\", \"type\": \"webhook\", \"url\": \"https://hooks.example/in\","
      + " \"secret\": \"0123456789abcdef\"}";

  static Recipient parse(String json, boolean creating) {
    return RecipientRequest.parse(new JsonObject(json).getMap(), creating);
  }

  @Test
  @DisplayName("a webhook with only the required fields gets the documented defaults")
  void defaults() {
    Recipient r = parse(WEBHOOK, true);
    assertThat(r.name()).isEqualTo("ops");
    assertThat(r.settings()).isEqualTo(Map.of("url", "https://hooks.example/in", "format", "standard"));
    assertThat(r.secret()).isEqualTo("0123456789abcdef");
    assertThat(r.minSeverity()).isEqualTo("low");
    assertThat(r.detectors()).isNull();
    assertThat(r.events()).containsExactly("engaged", "released");
    assertThat(r.enabled()).isTrue();
    assertThat(List.of(r.maxAgeSeconds(), r.minIntervalSeconds(), r.resendSeconds(), r.concurrency(), r.timeoutMs()))
        .containsExactly(86_400, 60, 60, 4, 5_000);
    assertThat(r.toString()).doesNotContain("0123456789abcdef");
  }

  @Test
  @DisplayName("syslog and alertmanager settings; detectors and events as given")
  void otherTypes() {
    Recipient syslog = parse("{\"name\": \"siem\", \"type\": \"syslog\", \"host\": \"127.0.0.1\", \"port\": 6514,"
        + " \"protocol\": \"tcp\", \"format\": \"cef\", \"detectors\": [\"port_scan\"],"
        + " \"events\": [\"engaged\", \"updated\", \"acknowledged\", \"released\"], \"min_severity\": \"high\"}", true);
    assertThat(syslog.settings()).isEqualTo(Map.of("host", "127.0.0.1", "port", 6514L, "protocol", "tcp",
        "format", "cef"));
    assertThat(syslog.detectors()).containsExactly("port_scan");
    assertThat(syslog.events()).hasSize(4);
    Recipient am = parse("{\"name\": \"am\", \"type\": \"alertmanager\", \"url\": \"http://[::1]:9093\","
        + " \"detectors\": \"all\"}", true);
    assertThat(am.setting("url")).isEqualTo("http://[::1]:9093");
    assertThat(am.detectors()).isNull();
    assertThat(parse("{\"name\": \"s\", \"type\": \"webhook\", \"format\": \"slack\","
        + " \"url\": \"https://hooks.slack.example/T/B/X\"}", true).secret()).isNull();
  }

  @Test
  @DisplayName("a PUT may leave the secret out: the stored one is kept")
  void putKeepsSecret() {
    assertThat(parse("{\"name\": \"ops\", \"type\": \"webhook\", \"url\": \"http://10.1.2.3/x\"}", false).secret())
        .isNull();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      {"name": "x"}                                                                 | type
      {"name": "x", "type": "email"}                                                | type
      {"type": "alertmanager", "url": "http://am:9093"}                             | name
      {"name": "x", "type": "alertmanager"}                                         | url
      {"name": "x", "type": "alertmanager", "url": "ftp://am/"}                     | url
      {"name": "x", "type": "alertmanager", "url": "not a url"}                     | url
      {"name": "x", "type": "alertmanager", "url": "http://u:p@am:9093"}            | url
      {"name": "x", "type": "alertmanager", "url": "http://169.254.169.254/latest"} | url
      {"name": "x", "type": "alertmanager", "url": "http://[fe80::1]/"}             | url
      {"name": "x", "type": "alertmanager", "url": "http://[fd00:ec2::254]/"}       | url
      {"name": "x", "type": "alertmanager", "url": "http://metadata.google.internal/"} | url
      {"name": "x", "type": "alertmanager", "url": "http://[::ffff:169.254.169.254]/"} | url
      {"name": "x", "type": "alertmanager", "url": "http://am/", "secret": "0123456789abcdef"} | secret
      {"name": "x", "type": "alertmanager", "url": "http://am/", "colour": "red"}   | colour
      {"name": "x", "type": "webhook", "url": "http://h/"}                          | secret
      {"name": "x", "type": "webhook", "url": "http://h/", "secret": "short"}       | secret
      {"name": "x", "type": "webhook", "url": "http://h/", "secret": "whsec_!!"}    | secret
      {"name": "x", "type": "webhook", "url": "http://h/", "format": "slack", "secret": "0123456789abcdef"} | secret
      {"name": "x", "type": "webhook", "url": "http://h/", "format": "teams"}       | format
      {"name": "x", "type": "syslog"}                                               | host
      {"name": "x", "type": "syslog", "host": "169.254.1.1"}                        | host
      {"name": "x", "type": "syslog", "host": "a b"}                                | host
      {"name": "x", "type": "syslog", "host": "h", "port": 70000}                   | port
      {"name": "x", "type": "syslog", "host": "h", "protocol": "sctp"}              | protocol
      {"name": "x", "type": "syslog", "host": "h", "format": "xml"}                 | format
      {"name": "x", "type": "syslog", "host": "h", "detectors": ["port_scan", "dns_tunnel"]} | detectors
      {"name": "x", "type": "syslog", "host": "h", "detectors": []}                 | detectors
      {"name": "x", "type": "syslog", "host": "h", "detectors": "port_scan"}        | detectors
      {"name": "x", "type": "syslog", "host": "h", "events": ["paged"]}             | events
      {"name": "x", "type": "syslog", "host": "h", "min_severity": "urgent"}        | min_severity
      {"name": "x", "type": "syslog", "host": "h", "enabled": "yes"}                | enabled
      {"name": "x", "type": "syslog", "host": "h", "max_age_seconds": 0}            | max_age_seconds
      {"name": "x", "type": "syslog", "host": "h", "concurrency": 1.5}              | concurrency
      {"name": "x", "type": "syslog", "host": "h", "timeout_ms": 10}                | timeout_ms
      """)
  void refused(String body, String field) {
    assertThatThrownBy(() -> parse(body, true)).isInstanceOfSatisfying(InvalidPacketException.class,
        e -> assertThat(e.field()).as(e.getMessage()).isEqualTo(field));
  }

  @Test
  @DisplayName("a whsec_ secret's key is its base64 payload; any other secret is its UTF-8 bytes")
  void signingKey() {
    assertThat(RecipientRequest.signingKey("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        .hasSize(24);
    assertThat(RecipientRequest.signingKey("0123456789abcdef")).isEqualTo("0123456789abcdef"
        .getBytes(StandardCharsets.UTF_8));
  }
}
