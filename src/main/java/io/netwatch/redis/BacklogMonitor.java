package io.netwatch.redis;

import io.netwatch.config.Settings;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Reads a stream's backlog ({@link StreamBacklog}) against its limit, STREAM_MAX_LEN: what ingest polls to
 * turn sensors away and what {@code GET /ready} reports. Give it a pooled client of {@link RedisConfig#options}
 * (RESP2, which StreamBacklog reads), not a pipelined link. With STREAM_SHARDS > 1 each shard is read (its own
 * XLEN and XINFO, one hash slot) and STREAM_MAX_LEN bounds each shard; {@link #read} answers the fullest shard.
 */
public final class BacklogMonitor {
  private final Redis redis;
  private final List<String> streams;
  private final long maxLen;

  /** For the stream REDIS_STREAM_NAME's shards and their limit STREAM_MAX_LEN. */
  public BacklogMonitor(Redis redis, Settings settings) {
    this.redis = redis;
    this.streams = StreamShards.from(settings).keys();
    this.maxLen = settings.integer(Settings.STREAM_MAX_LEN);
  }

  /**
   * The fullest shard's reading (the only one with one shard). Its {@code slowestDelivered} joins every shard's,
   * so that it moves when the pipeline reads any shard.
   */
  public Future<Reading> read() {
    if (streams.size() == 1) return read(streams.get(0));
    return readShards().map(BacklogMonitor::fullest);
  }

  /** One reading per shard, in shard order. */
  public Future<List<Reading>> readShards() {
    List<Future<Reading>> readings = new ArrayList<>(streams.size());
    for (String stream : streams) readings.add(read(stream));
    return Future.all(readings).map(all -> all.<Reading>list());
  }

  public static Reading fullest(List<Reading> shards) {
    Reading fullest = shards.stream().max(Comparator.comparingLong(Reading::backlog)).orElseThrow();
    StringBuilder progress = new StringBuilder();
    for (Reading shard : shards) progress.append(shard.slowestDelivered()).append(' ');
    return new Reading(fullest.length(), fullest.backlog(), fullest.max(), progress.toString().strip());
  }

  /**
   * XLEN and XINFO GROUPS together; while the stream does not exist, XINFO answers an error and XLEN alone
   * counts. Any other failure fails the reading: retrying from inside a closing connection's failure
   * makes the Redis client write to connections that are closing too.
   */
  private Future<Reading> read(String stream) {
    return redis.batch(StreamBacklog.requests(stream))
        .recover(err -> noSuchStream(err)
            ? redis.send(Request.cmd(Command.XLEN).arg(stream)).map(BacklogMonitor::withoutGroups)
            : Future.failedFuture(err))
        .map(this::reading);
  }

  private Reading reading(List<Response> replies) {
    long length = replies.get(0).toLong();
    List<StreamBacklog.GroupInfo> groups = StreamBacklog.groups(replies.get(1));
    return new Reading(length, StreamBacklog.of(length, groups), maxLen, StreamBacklog.slowest(groups));
  }

  /**
   * Redis's error reply to XINFO GROUPS on a missing key ("ERR no such key", which a batch tags with the
   * command's index), not one the client makes up (CONNECTION_CLOSED, ...).
   */
  private static boolean noSuchStream(Throwable err) {
    String message = String.valueOf(err.getMessage());
    return err instanceof Response && message.startsWith("ERR") && message.endsWith("no such key");
  }

  private static List<Response> withoutGroups(Response length) {
    return Arrays.asList(length, null);
  }

  /**
   * One look at the stream: its length, its backlog, the limit the backlog must stay under, and the last
   * id delivered to the slowest group (null without a group): when it moves, the pipeline is reading.
   */
  public record Reading(long length, long backlog, long max, String slowestDelivered) {
    public boolean over() {
      return backlog > max;
    }
  }
}
