package io.netwatch.redis;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The backlog of a stream: what its slowest consumer group has not acknowledged yet, i.e. entries not
 * read (lag) plus entries read but not acknowledged (pending). Acknowledged entries waiting for the next
 * trim do not count. Where Redis cannot tell a group's lag, or no group exists yet, the stream length
 * (an upper bound) stands in.
 */
public final class StreamBacklog {
  /**
   * One consumer group as XINFO GROUPS describes it. {@code lag} is null where Redis cannot tell it
   * (before 7.0, or after entries were deleted in the group's unread range).
   */
  public record GroupInfo(String name, Long lag, long pending, String lastDeliveredId) {
  }

  private StreamBacklog() {
  }

  /** XINFO GROUPS and XLEN, to send together; an absent stream answers an error to the first. */
  public static List<Request> requests(String stream) {
    return List.of(Request.cmd(Command.XLEN).arg(stream), Request.cmd(Command.XINFO).arg("GROUPS").arg(stream));
  }

  /** From the replies of {@link #requests}, in RESP2 form (flat key/value arrays per group). */
  public static long of(List<Response> replies) {
    return of(replies.get(0).toLong(), groups(replies.get(1)));
  }

  /** The slowest group's lag plus pending; the stream length when there is no group or a lag is unknown. */
  public static long of(long length, List<GroupInfo> groups) {
    if (groups.isEmpty()) return length;
    long backlog = 0;
    for (GroupInfo group : groups) {
      if (group.lag() == null) return length;
      backlog = Math.max(backlog, group.lag() + group.pending());
    }
    return backlog;
  }

  /** The last id delivered to the group with the largest backlog; null without a group. */
  public static String slowest(List<GroupInfo> groups) {
    return groups.stream().max(Comparator.comparingLong(StreamBacklog::behind))
        .map(GroupInfo::lastDeliveredId).orElse(null);
  }

  private static long behind(GroupInfo group) {
    return (group.lag() == null ? Long.MAX_VALUE / 2 : group.lag()) + group.pending();
  }

  /** Parses an XINFO GROUPS reply in RESP2 form, one flat [key, value, key, value, ...] array per group. */
  public static List<GroupInfo> groups(Response reply) {
    if (reply == null) return List.of();
    List<GroupInfo> groups = new ArrayList<>(reply.size());
    for (Response group : reply) {
      String name = null;
      Long lag = null;
      long pending = 0;
      String lastDeliveredId = null;
      for (int i = 0; i + 1 < group.size(); i += 2) {
        Response value = group.get(i + 1);
        if (value == null) continue; // a nil value, e.g. a lag Redis cannot tell
        switch (group.get(i).toString()) {
          case "name" -> name = value.toString();
          case "lag" -> lag = value.toLong();
          case "pending" -> pending = value.toLong();
          case "last-delivered-id" -> lastDeliveredId = value.toString();
          default -> { }
        }
      }
      groups.add(new GroupInfo(name, lag, pending, lastDeliveredId));
    }
    return groups;
  }
}
