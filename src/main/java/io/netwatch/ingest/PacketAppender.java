package io.netwatch.ingest;

import io.netwatch.config.Settings;
import io.netwatch.model.Messages;
import io.netwatch.model.Packet;
import io.netwatch.redis.RedisConfig;
import io.netwatch.redis.RedisLink;
import io.netwatch.redis.RedisMode;
import io.netwatch.redis.StreamShards;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;

/**
 * Appends validated packets to the stream, entries {@code packet} (JSON) and {@code received_at}, each to the
 * shard of its conversation ({@link StreamShards}): one XADD per packet (a link coalesces those of one
 * event-loop turn). A batch is all or nothing on one server (one MULTI/EXEC over every shard key); in cluster
 * mode it is split per shard, one transaction per shard (no transaction crosses hash slots), see
 * {@link #appendAll}. Standalone uses one link whatever the shard count; cluster mode one per shard, so that a
 * coalesced write never spans two nodes.
 */
final class PacketAppender {
  private final StreamShards shards;
  private final List<RedisLink> links;
  private final boolean cluster;
  private final long timeoutMs;

  private PacketAppender(StreamShards shards, List<RedisLink> links, boolean cluster, long timeoutMs) {
    this.shards = shards;
    this.links = links;
    this.cluster = cluster;
    this.timeoutMs = timeoutMs;
  }

  /** Opens the links of REDIS_MODE and STREAM_SHARDS. */
  static PacketAppender open(Vertx vertx, Settings settings, long timeoutMs) {
    RedisMode mode = RedisMode.from(settings);
    StreamShards shards = StreamShards.from(settings);
    int count = mode == RedisMode.CLUSTER ? shards.count() : 1;
    List<RedisLink> links = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String purpose = count == 1 ? "ingest" : "ingest shard " + i;
      links.add(new RedisLink(() -> Redis.createClient(vertx, RedisConfig.options(settings)), purpose, true, mode));
    }
    return new PacketAppender(shards, links, mode == RedisMode.CLUSTER, timeoutMs);
  }

  Future<Void> close() {
    return Future.join(links.stream().map(RedisLink::close).toList()).mapEmpty();
  }

  /** Completes with the reply to XADD: the entry id. */
  Future<Response> append(Packet packet, long receivedAt) {
    int shard = shardOf(packet);
    return link(shard).send(xadd(shard, packet, receivedAt), timeoutMs);
  }

  /**
   * Completes with the entry ids, in the order of the packets. On one server all or none are written. In cluster
   * mode each shard's part is all or none: the batch is refused before anything is written while a shard it
   * touches is known down; if some shards fail after others committed (a node died in between), it fails with
   * {@link PartlyStored}, which names the packets stored and those to send again; if none committed, with the
   * first shard's failure (see docs/scaling.md).
   */
  Future<JsonArray> appendAll(List<Packet> packets, long receivedAt) {
    ShardSplit split = ShardSplit.of(packets, this::shardOf);
    if (!cluster) return appendInOneTransaction(packets, split, receivedAt);
    for (int shard : split.shards()) {
      if (link(shard).down()) return Future.failedFuture("stream shard " + shard + " is unavailable");
    }
    List<Future<List<Response>>> parts = new ArrayList<>();
    for (int shard : split.shards()) {
      List<Request> xadds = new ArrayList<>();
      for (int index : split.indexes(shard)) xadds.add(xadd(shard, packets.get(index), receivedAt));
      parts.add(link(shard).batch(xadds, timeoutMs)); // the cluster link sends it inside MULTI/EXEC
    }
    // join, not all: every shard's outcome is needed, not just the first failure.
    return Future.join(parts).transform(ignored -> outcome(split, parts));
  }

  private static Future<JsonArray> outcome(ShardSplit split, List<Future<List<Response>>> parts) {
    List<List<Response>> replies = new ArrayList<>(parts.size());
    Throwable firstFailure = null;
    for (Future<List<Response>> part : parts) {
      replies.add(part.succeeded() ? part.result() : null);
      if (part.failed() && firstFailure == null) firstFailure = part.cause();
    }
    BatchOutcome outcome = BatchOutcome.of(split, replies);
    if (outcome.complete()) return Future.succeededFuture(new JsonArray(new ArrayList<>(outcome.ids())));
    if (outcome.nothingStored()) return Future.failedFuture(firstFailure);
    return Future.failedFuture(new PartlyStored(outcome, firstFailure));
  }

  private Future<JsonArray> appendInOneTransaction(List<Packet> packets, ShardSplit split, long receivedAt) {
    List<Request> commands = new ArrayList<>(packets.size() + 2);
    commands.add(Request.cmd(Command.MULTI));
    for (int i = 0; i < packets.size(); i++) commands.add(xadd(split.shardOf(i), packets.get(i), receivedAt));
    commands.add(Request.cmd(Command.EXEC));
    return link(0).batch(commands, timeoutMs).map(PacketAppender::entryIds);
  }

  /** The entry ids of a MULTI/EXEC, in the order of its packets (EXEC answers them all). */
  static JsonArray entryIds(List<Response> replies) {
    Response exec = replies.get(replies.size() - 1);
    JsonArray ids = new JsonArray(new ArrayList<>(exec.size()));
    for (Response id : exec) ids.add(id.toString());
    return ids;
  }

  private int shardOf(Packet packet) {
    return shards.shardOf(packet.srcIp(), packet.dstIp());
  }

  private RedisLink link(int shard) {
    return links.get(cluster ? shard : 0);
  }

  private Request xadd(int shard, Packet packet, long receivedAt) {
    return Request.cmd(Command.XADD).arg(shards.key(shard)).arg("*")
        .arg("packet").arg(Messages.packetJson(packet))
        .arg(Messages.RECEIVED_AT).arg(receivedAt);
  }
}
