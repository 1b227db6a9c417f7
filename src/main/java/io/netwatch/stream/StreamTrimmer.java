package io.netwatch.stream;

import io.netwatch.ops.Metrics;
import io.netwatch.redis.RedisLink;
import io.netwatch.redis.StreamBacklog;
import io.netwatch.redis.StreamBacklog.GroupInfo;
import io.vertx.core.Future;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Trims what every group has acknowledged (XTRIM MINID) and publishes the gauges
 * {@code netwatch.stream.backlog} (the stream length after trimming, so: what is left to do) and
 * {@code netwatch.stream.lag} (entries our group has not read yet).
 */
final class StreamTrimmer {
  private final RedisLink commands;
  private final StreamRequests requests;
  private final long redisTimeoutMs;
  private final AtomicLong backlog;
  private final AtomicLong lag;

  StreamTrimmer(RedisLink commands, StreamRequests requests, String stream, long redisTimeoutMs) {
    this.commands = commands;
    this.requests = requests;
    this.redisTimeoutMs = redisTimeoutMs;
    this.backlog = Metrics.gauge("netwatch.stream.backlog", "stream", stream);
    this.lag = Metrics.gauge("netwatch.stream.lag", "stream", stream);
  }

  /** Removes the entries below the oldest one some group has not read or not acknowledged yet. */
  Future<Void> trimAcknowledged() {
    return commands.send(requests.groups(), redisTimeoutMs)
        .map(StreamBacklog::groups)
        .onSuccess(this::recordLag)
        .compose(this::minimumToKeep)
        .compose(minId -> minId == null ? Future.succeededFuture() : commands.send(requests.trimBelow(minId),
            redisTimeoutMs))
        .compose(trimmed -> commands.send(requests.length(), redisTimeoutMs))
        .onSuccess(length -> backlog.set(length.toLong()))
        .mapEmpty();
  }

  private void recordLag(List<GroupInfo> groups) {
    for (GroupInfo group : groups) {
      if (requests.group().equals(group.name()) && group.lag() != null) lag.set(group.lag());
    }
  }

  /** The lowest id to keep, or null if there is no group (then nothing may go). */
  private Future<String> minimumToKeep(List<GroupInfo> groups) {
    List<Future<TrimPoint.GroupProgress>> progress = groups.stream().map(this::progress).toList();
    return Future.all(progress).map(all -> TrimPoint.minimumToKeep(all.list()));
  }

  private Future<TrimPoint.GroupProgress> progress(GroupInfo group) {
    if (group.pending() == 0) return Future.succeededFuture(new TrimPoint.GroupProgress(null, group.lastDeliveredId()));
    // XINFO GROUPS counts the pending entries; only XPENDING tells the oldest one.
    return commands.send(requests.pendingSummary(group.name()), redisTimeoutMs).map(summary ->
        new TrimPoint.GroupProgress(summary.get(0).toLong() > 0 ? summary.get(1).toString() : null,
            group.lastDeliveredId()));
  }
}
