package io.netwatch.ingest;

import io.netwatch.model.Messages;
import io.netwatch.model.Packet;
import io.netwatch.redis.RedisLink;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;

/**
 * Appends validated packets to the stream, entries {@code packet} (JSON) and {@code received_at}: one
 * XADD per packet (the link coalesces those of one event-loop turn), a batch in one MULTI/EXEC.
 */
final class PacketAppender {
  private final RedisLink link;
  private final String stream;
  private final long timeoutMs;

  PacketAppender(RedisLink link, String stream, long timeoutMs) {
    this.link = link;
    this.stream = stream;
    this.timeoutMs = timeoutMs;
  }

  /** Completes with the reply to XADD: the entry id. */
  Future<Response> append(Packet packet, long receivedAt) {
    return link.send(xadd(packet, receivedAt), timeoutMs);
  }

  /** All or none of the packets; completes with the replies, read by {@link #entryIds}. */
  Future<List<Response>> appendAll(List<Packet> packets, long receivedAt) {
    List<Request> commands = new ArrayList<>(packets.size() + 2);
    commands.add(Request.cmd(Command.MULTI));
    for (Packet packet : packets) commands.add(xadd(packet, receivedAt));
    commands.add(Request.cmd(Command.EXEC));
    return link.batch(commands, timeoutMs);
  }

  /** The entry ids of an {@link #appendAll}, in the order of its packets (EXEC answers them all). */
  static JsonArray entryIds(List<Response> replies) {
    Response exec = replies.get(replies.size() - 1);
    JsonArray ids = new JsonArray(new ArrayList<>(exec.size()));
    for (Response id : exec) ids.add(id.toString());
    return ids;
  }

  private Request xadd(Packet packet, long receivedAt) {
    return Request.cmd(Command.XADD).arg(stream).arg("*")
        .arg("packet").arg(Messages.packetJson(packet))
        .arg(Messages.RECEIVED_AT).arg(receivedAt);
  }
}
