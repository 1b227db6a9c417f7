package io.netwatch.ingest;

import io.netwatch.ingest.IngestBodyParser.IngestBody;
import io.netwatch.model.InvalidPacketException;
import io.netwatch.model.Packet;
import io.netwatch.model.PacketValidator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

@DisplayName("IngestBodyParser: request bodies to packets, without a Vert.x instance")
class IngestBodyParserTest {
  static final String JSON = "application/json";
  static final String NDJSON = "application/x-ndjson";

  final IngestBodyParser parser = new IngestBodyParser(new PacketValidator(64));

  static String packet(int n) {
    return "{\"src_ip\":\"10.0.0." + n + "\",\"dst_ip\":\"10.4.4.4\",\"protocol\":\"UDP\",\"ttl\":" + n + "}";
  }

  static String array(int packets) {
    return "[" + String.join(",", Collections.nCopies(packets, packet(1))) + "]";
  }

  static String lines(int packets) {
    return String.join("\n", Collections.nCopies(packets, packet(1)));
  }

  IngestBody parse(String body, String contentType) {
    return parser.parse(body.getBytes(StandardCharsets.UTF_8), contentType);
  }

  /** The body is refused as a whole: 400 with field and message, no index. */
  void assertRefused(String body, String contentType, String field, String message) {
    Throwable thrown = catchThrowable(() -> parse(body, contentType));
    assertThat(thrown).isExactlyInstanceOf(InvalidPacketException.class).hasMessage(message);
    assertThat(((InvalidPacketException) thrown).field()).isEqualTo(field);
  }

  /** One packet of a batch fails it: 400 with its index, field and message. */
  void assertRefusedAt(String body, String contentType, int index, String field, String message) {
    Throwable thrown = catchThrowable(() -> parse(body, contentType));
    assertThat(thrown).isExactlyInstanceOf(BatchPacketException.class).hasMessage(message);
    BatchPacketException e = (BatchPacketException) thrown;
    assertThat(e.index()).isEqualTo(index);
    assertThat(e.field()).isEqualTo(field);
  }

  @Nested
  @DisplayName("one JSON object")
  class SingleObject {
    @Test
    @DisplayName("is one validated packet, not a batch")
    void onePacket() {
      IngestBody body = parse(packet(7), JSON);

      assertThat(body.batch()).isFalse();
      assertThat(body.packets()).extracting(Packet::srcIp, Packet::protocol, Packet::ttl)
          .containsExactly(tuple("10.0.0.7", "UDP", 7));
    }

    @ParameterizedTest(name = "Content-Type {0}")
    @NullSource
    @ValueSource(strings = {"application/x-www-form-urlencoded", "application/json; charset=utf-8"})
    @DisplayName("is read as JSON without a Content-Type and with curl's form default")
    void jsonWhateverTheHeader(String contentType) {
      assertThat(parse(packet(1), contentType).packets()).hasSize(1);
    }

    @Test
    @DisplayName("a bad field fails with the validator's field and message, no index")
    void badField() {
      assertRefused("{\"src_ip\":\"10.0.0.1\",\"dst_ip\":\"10.4.4.4\"}", JSON, "protocol", "protocol is required");
    }

    @Test
    @DisplayName("only the first length bytes count")
    void prefixOfBytes() {
      byte[] bytes = (packet(3) + "garbage that is not JSON").getBytes(StandardCharsets.UTF_8);

      IngestBody body = parser.parse(bytes, packet(3).length(), JSON);

      assertThat(body.packets()).extracting(Packet::srcIp).containsExactly("10.0.0.3");
    }
  }

  @Nested
  @DisplayName("a bad packet in a JSON array")
  class BadInArray {
    @Test
    @DisplayName("fails at its first bad packet, naming its index and field")
    void firstBadPacket() {
      String bad = "{\"src_ip\":\"not-an-ip\",\"dst_ip\":\"10.4.4.4\",\"protocol\":\"UDP\"}";
      String worse = "{\"src_ip\":\"10.0.0.1\",\"dst_ip\":\"10.4.4.4\",\"protocol\":\"UDP\",\"ttl\":300}";

      assertRefusedAt("[" + packet(1) + "," + bad + "," + worse + "]", JSON, 1, "src_ip",
          "packet 1: src_ip must be an IPv4 or IPv6 address literal");
    }

    @Test
    @DisplayName("of something else than objects fails at the first such element")
    void notAnObject() {
      assertRefusedAt("[" + packet(1) + ",42]", JSON, 1, "body",
          "packet 1: must be a JSON object");
    }
  }

  @Nested
  @DisplayName("a bad line of NDJSON")
  class BadInNdjson {
    @Test
    @DisplayName("a line that is not JSON fails with its index among the packets, field line")
    void badLine() {
      assertRefusedAt(packet(1) + "\n\n{\"src_ip\":\n" + packet(3), NDJSON, 1, "line",
          "packet 1: line is not valid JSON");
    }

    @Test
    @DisplayName("a bad packet fails with its index and field")
    void badPacket() {
      assertRefusedAt(packet(1) + "\n" + packet(2) + "\n[1]\n", NDJSON, 2, "body",
          "packet 2: must be a JSON object");
    }
  }

  @Test
  @DisplayName("an array or NDJSON (blank lines skipped) is a batch of its packets, in order, even of one")
  void batchesInOrder() {
    String array = "[" + packet(1) + "," + packet(2) + "," + packet(3) + "]";
    String ndjson = "\n" + packet(1) + "\n\n  \n" + packet(2) + "\r\n" + packet(3) + "\n";

    for (IngestBody body : List.of(parse(array, JSON), parse(ndjson, NDJSON))) {
      assertThat(body.batch()).isTrue();
      assertThat(body.packets()).extracting(Packet::srcIp).containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3");
    }
    assertThat(parse("[" + packet(1) + "]", JSON).batch()).isTrue();
    assertThat(parse(packet(1), NDJSON).batch()).isTrue();
  }

  @ParameterizedTest(name = "Content-Type {0}")
  @ValueSource(strings = {JSON, NDJSON})
  @DisplayName("a batch, as an array or NDJSON, holds 1 to 10,000 packets, else is refused as a whole")
  void batchSize(String contentType) {
    IntFunction<String> batch = contentType.equals(JSON) ? IngestBodyParserTest::array : IngestBodyParserTest::lines;
    String none = contentType.equals(JSON) ? "[]" : "\n  \n\n";

    assertThat(parse(batch.apply(10_000), contentType).packets()).hasSize(10_000);
    assertRefused(batch.apply(10_001), contentType, "body", "batch must hold at most 10000 packets");
    assertRefused(none, contentType, "body", "batch must hold at least one packet");
  }

  @Nested
  @DisplayName("bodies that are no packets at all")
  class NoPackets {
    @ParameterizedTest(name = "Content-Type {0}")
    @ValueSource(strings = {JSON, NDJSON})
    @DisplayName("an empty body is refused")
    void emptyBody(String contentType) {
      assertRefused("", contentType, "body", "request body is empty");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{", "{\"src_ip\":}", "not json", "[1,]", "{} {}"})
    @DisplayName("invalid JSON is refused")
    void invalidJson(String body) {
      assertRefused(body, JSON, "body", "body is not valid JSON");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"42", "\"packet\"", "true", "null"})
    @DisplayName("JSON that is neither an object nor an array is refused")
    void neitherObjectNorArray(String body) {
      assertRefused(body, JSON, "body", "body must be a JSON object or an array of objects");
    }
  }
}
