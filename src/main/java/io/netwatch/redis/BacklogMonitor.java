package io.netwatch.redis;

import io.netwatch.config.Settings;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.Arrays;
import java.util.List;

/**
 * Reads a stream's backlog ({@link StreamBacklog}) against its limit, STREAM_MAX_LEN: what ingest polls to
 * turn sensors away and what {@code GET /ready} reports. Give it a pooled client of {@link RedisConfig#options}
 * (RESP2, which StreamBacklog reads), not a pipelined link.
 */
public final class BacklogMonitor {
  private final Redis redis;
  private final String stream;
  private final long maxLen;

  /** For the stream REDIS_STREAM_NAME and its limit STREAM_MAX_LEN. */
  public BacklogMonitor(Redis redis, Settings settings) {
    this.redis = redis;
    this.stream = settings.string(Settings.REDIS_STREAM_NAME);
    this.maxLen = settings.integer(Settings.STREAM_MAX_LEN);
  }

  /** XLEN and XINFO GROUPS together; XINFO answers an error while the stream does not exist, then XLEN alone. */
  public Future<Reading> read() {
    return redis.batch(StreamBacklog.requests(stream))
        .recover(err -> redis.send(Request.cmd(Command.XLEN).arg(stream)).map(BacklogMonitor::withoutGroups))
        .map(replies -> new Reading(replies.get(0).toLong(), StreamBacklog.of(replies), maxLen));
  }

  private static List<Response> withoutGroups(Response length) {
    return Arrays.asList(length, null);
  }

  /** One look at the stream: its length, its backlog and the limit the backlog must stay under. */
  public record Reading(long length, long backlog, long max) {
    public boolean over() {
      return backlog > max;
    }
  }
}
