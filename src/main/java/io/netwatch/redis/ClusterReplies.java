package io.netwatch.redis;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Redis Cluster's redirections and transactions, as {@link RedisLink} meets them. */
final class ClusterReplies {
  /**
   * MOVED and ASK (a slot moved or moving), TRYAGAIN (a multi-key command during a move) and CLUSTERDOWN: the
   * command was not executed. A batch reports its errors as "ERR [index] MOVED 1234 host:port", one a line.
   */
  private static final Pattern REDIRECT = Pattern.compile("(^|\\s)(MOVED|ASK|TRYAGAIN|CLUSTERDOWN)\\s");

  private ClusterReplies() {
  }

  static boolean redirected(Throwable err) {
    return err instanceof Response && REDIRECT.matcher(String.valueOf(err.getMessage()) + " ").find();
  }

  static List<Request> inTransaction(List<Request> commands) {
    List<Request> all = new ArrayList<>(commands.size() + 2);
    all.add(Request.cmd(Command.MULTI));
    all.addAll(commands);
    all.add(Request.cmd(Command.EXEC));
    return all;
  }

  /** The replies of the commands inside a transaction: EXEC's, the last reply. */
  static List<Response> execResults(List<Response> replies) {
    Response exec = replies.get(replies.size() - 1);
    List<Response> results = new ArrayList<>(exec.size());
    for (Response r : exec) results.add(r);
    return results;
  }
}
