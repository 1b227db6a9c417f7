package io.netwatch.redis;

import io.netwatch.redis.StreamBacklog.GroupInfo;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("StreamBacklog: XINFO GROUPS parsed once, the backlog taken from it")
class StreamBacklogTest {
  private final ScratchStream stream = new ScratchStream();

  @AfterEach
  void tearDown() {
    stream.close();
  }

  @Test
  @DisplayName("the backlog is the slowest group's lag plus pending")
  void slowestGroup() {
    List<GroupInfo> groups = List.of(new GroupInfo("fast", 1L, 2, "9-0"), new GroupInfo("slow", 5L, 3, "4-0"));
    assertThat(StreamBacklog.of(100, groups)).isEqualTo(8);
  }

  @Test
  @DisplayName("without a group, or with a lag Redis cannot tell, the stream length stands in")
  void lengthStandsIn() {
    assertThat(StreamBacklog.of(42, List.of())).isEqualTo(42);
    assertThat(StreamBacklog.of(42, List.of(new GroupInfo("a", 1L, 0, "1-0"), new GroupInfo("b", null, 0, "1-0"))))
        .isEqualTo(42);
  }

  @Test
  @DisplayName("a real XINFO GROUPS reply: name, lag, pending and last delivered id of each group")
  void parsesRedisReply() {
    stream.add("packet", "{}");
    String second = stream.add("packet", "{}");
    String third = stream.add("packet", "{}");
    stream.createGroup("readers", "0");
    stream.createGroup("idle", "$");
    stream.read("readers", "c1", 2);

    List<GroupInfo> groups = StreamBacklog.groups(stream.send(groupsRequest()));

    assertThat(groups).containsExactlyInAnyOrder(
        new GroupInfo("readers", 1L, 2, second),
        new GroupInfo("idle", 0L, 0, third));
    assertThat(StreamBacklog.of(ScratchStream.await(replies()))).isEqualTo(3);
  }

  @Test
  @DisplayName("a deleted unread entry makes the lag unknown (nil): the stream length stands in")
  void nilLag() {
    stream.add("packet", "{}");
    String deleted = stream.add("packet", "{}");
    stream.createGroup("readers", "0");
    stream.send(Request.cmd(Command.XDEL).arg(stream.name).arg(deleted));

    assertThat(StreamBacklog.groups(stream.send(groupsRequest())))
        .containsExactly(new GroupInfo("readers", null, 0, "0-0"));
    assertThat(StreamBacklog.of(ScratchStream.await(replies()))).isEqualTo(1);
  }

  @Test
  @DisplayName("no XINFO reply at all reads as no group")
  void noReply() {
    assertThat(StreamBacklog.groups(null)).isEmpty();
  }

  private Request groupsRequest() {
    return StreamBacklog.requests(stream.name).get(1);
  }

  private Future<List<Response>> replies() {
    RedisLink link = stream.link("backlog test");
    return link.batch(StreamBacklog.requests(stream.name), 5_000).eventually(link::close);
  }
}
