package io.netwatch.redis;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.netwatch.redis.ScratchStream.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RedisLink: a null reply is an answer, not a failure")
class RedisLinkTest {
  final ScratchStream stream = new ScratchStream();
  final RedisLink link = stream.link("link test");

  @AfterEach
  void close() {
    await(link.close());
    stream.close();
  }

  @Test
  @DisplayName("a blocking read that times out on an empty stream succeeds with null (an idle consumer must not back off)")
  void blockingReadTimesOut() {
    stream.createGroup(ScratchStream.GROUP, "$");
    Request read = Request.cmd(Command.XREADGROUP).arg("GROUP").arg(ScratchStream.GROUP).arg("idle")
        .arg("COUNT").arg(10).arg("BLOCK").arg(50).arg("STREAMS").arg(stream.name).arg(">");

    Response reply = await(link.send(read, 2_000));

    assertThat(reply).isNull();
    assertThat(StreamEntry.fromReadReply(reply)).isEmpty();
  }
}
