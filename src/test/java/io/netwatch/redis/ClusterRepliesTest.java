package io.netwatch.redis;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.impl.types.ErrorType;
import io.vertx.redis.client.impl.types.MultiType;
import io.vertx.redis.client.impl.types.SimpleStringType;
import io.vertx.redis.client.impl.types.BulkType;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Cluster replies: which errors mean 'not executed, send again', and transactions around a write")
class ClusterRepliesTest {
  @Test
  @DisplayName("MOVED, ASK, TRYAGAIN and CLUSTERDOWN in a batch's error are redirects; other errors are not")
  void redirects() {
    assertThat(ClusterReplies.redirected(ErrorType.create("ERR [1] MOVED 3999 127.0.0.1:7001\nERR [3] EXECABORT x")))
        .isTrue();
    assertThat(ClusterReplies.redirected(ErrorType.create("ASK 3999 127.0.0.1:7002"))).isTrue();
    assertThat(ClusterReplies.redirected(ErrorType.create("ERR [2] TRYAGAIN Multiple keys request"))).isTrue();
    assertThat(ClusterReplies.redirected(ErrorType.create("CLUSTERDOWN The cluster is down"))).isTrue();
    assertThat(ClusterReplies.redirected(ErrorType.create("ERR [1] WRONGTYPE Operation against a key"))).isFalse();
    assertThat(ClusterReplies.redirected(ErrorType.create("ERR unknown command 'MOVEDX'"))).isFalse();
    // Not a reply from Redis: the connection failed, which may have happened after the write.
    assertThat(ClusterReplies.redirected(new RuntimeException("MOVED 1 a:1"))).isFalse();
  }

  @Test
  @DisplayName("a write goes inside MULTI/EXEC, and EXEC's replies are the commands' replies")
  void transaction() {
    List<Request> wrapped = ClusterReplies.inTransaction(List.of(Request.cmd(Command.XADD), Request.cmd(Command.XADD)));
    assertThat(wrapped).extracting(Request::command).containsExactly(Command.MULTI, Command.XADD, Command.XADD,
        Command.EXEC);
    MultiType exec = MultiType.create(2, false);
    exec.add(BulkType.create(Buffer.buffer("1-0"), false));
    exec.add(BulkType.create(Buffer.buffer("1-1"), false));
    var results = ClusterReplies.execResults(List.of(SimpleStringType.OK, SimpleStringType.create("QUEUED"),
        SimpleStringType.create("QUEUED"), exec));
    assertThat(results).extracting(Object::toString).containsExactly("1-0", "1-1");
  }
}
