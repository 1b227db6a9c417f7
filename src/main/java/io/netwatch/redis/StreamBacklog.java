package io.netwatch.redis;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.List;

/**
 * The backlog of a stream: what its slowest consumer group has not acknowledged yet, i.e. entries not
 * read (lag) plus entries read but not acknowledged (pending). Acknowledged entries waiting for the next
 * trim do not count. Where Redis cannot tell a group's lag, or no group exists yet, the stream length
 * (an upper bound) stands in.
 */
public final class StreamBacklog {
  private StreamBacklog() {
  }

  /** XINFO GROUPS and XLEN, to send together; an absent stream answers an error to the first. */
  public static List<Request> requests(String stream) {
    return List.of(Request.cmd(Command.XLEN).arg(stream), Request.cmd(Command.XINFO).arg("GROUPS").arg(stream));
  }

  /** From the replies of {@link #requests}, in RESP2 form (flat key/value arrays per group). */
  public static long of(List<Response> replies) {
    long length = replies.get(0).toLong();
    Response groups = replies.get(1);
    if (groups == null || groups.size() == 0) return length;
    long backlog = 0;
    for (Response group : groups) {
      Long lag = null;
      long pending = 0;
      for (int i = 0; i + 1 < group.size(); i += 2) {
        String key = group.get(i).toString();
        Response value = group.get(i + 1);
        if (key.equals("lag")) lag = value == null ? null : value.toLong();
        if (key.equals("pending")) pending = value == null ? 0 : value.toLong();
      }
      if (lag == null) return length;
      backlog = Math.max(backlog, lag + pending);
    }
    return backlog;
  }
}
