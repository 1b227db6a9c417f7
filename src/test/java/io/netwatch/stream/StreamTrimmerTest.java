package io.netwatch.stream;

import io.netwatch.ops.Metrics;
import io.netwatch.redis.RedisLink;
import io.netwatch.redis.ScratchStream;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static io.netwatch.redis.ScratchStream.GROUP;
import static io.netwatch.redis.ScratchStream.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("StreamTrimmer: only what every group acknowledged goes; backlog and lag gauges follow")
class StreamTrimmerTest {
  ScratchStream stream;
  RedisLink commands;
  StreamTrimmer trimmer;

  @BeforeEach
  void setUp() {
    stream = new ScratchStream();
    commands = stream.link("trimmer test");
    trimmer = new StreamTrimmer(commands, new StreamRequests(stream.name, GROUP), stream.name, 5_000);
  }

  @AfterEach
  void tearDown() {
    await(commands.close());
    stream.close();
  }

  @Test
  @DisplayName("entries below the oldest pending one go; pending and unread ones stay")
  void keepsPendingAndUnread() {
    List<String> ids = addThenReadThenAcknowledge(5, 3, 2);

    await(trimmer.trimAcknowledged());

    assertThat(remaining()).containsExactlyElementsOf(ids.subList(2, 5));
    assertThat(gauge("netwatch.stream.backlog")).isEqualTo(3);
    assertThat(gauge("netwatch.stream.lag")).isEqualTo(2);
  }

  @Test
  @DisplayName("with nothing pending, everything read and acknowledged goes")
  void trimsAllAcknowledged() {
    List<String> ids = addThenReadThenAcknowledge(3, 2, 2);

    await(trimmer.trimAcknowledged());

    assertThat(remaining()).containsExactly(ids.get(2));
    assertThat(gauge("netwatch.stream.backlog")).isEqualTo(1);
  }

  @Test
  @DisplayName("the slowest group decides: what another group has not read stays")
  void slowestGroupDecides() {
    stream.createGroup("slow", "0");
    List<String> ids = addThenReadThenAcknowledge(3, 3, 3);

    await(trimmer.trimAcknowledged());

    assertThat(remaining()).containsExactlyElementsOf(ids);
  }

  @Test
  @DisplayName("without any group nothing is trimmed")
  void noGroup() {
    List<String> ids = add(2);

    await(trimmer.trimAcknowledged());

    assertThat(remaining()).containsExactlyElementsOf(ids);
  }

  private List<String> add(int count) {
    return IntStream.range(0, count).mapToObj(i -> stream.add("packet", "{}")).toList();
  }

  /** Adds entries, then our group reads the first {@code read} of them and acknowledges the first {@code acked}. */
  private List<String> addThenReadThenAcknowledge(int added, int read, int acked) {
    List<String> ids = add(added);
    stream.createGroup(GROUP, "0");
    stream.read(GROUP, "c1", read);
    Request ack = Request.cmd(Command.XACK).arg(stream.name).arg(GROUP);
    ids.subList(0, acked).forEach(ack::arg);
    stream.send(ack);
    return ids;
  }

  private List<String> remaining() {
    List<String> ids = new ArrayList<>();
    for (Response entry : stream.send(Request.cmd(Command.XRANGE).arg(stream.name).arg("-").arg("+"))) {
      ids.add(entry.get(0).toString());
    }
    return ids;
  }

  private long gauge(String name) {
    return Metrics.gauge(name, "stream", stream.name).get();
  }
}
