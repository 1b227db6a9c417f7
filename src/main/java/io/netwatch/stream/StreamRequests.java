package io.netwatch.stream;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;

import java.util.Collection;
import java.util.Map;

/** The Redis Stream commands of the consumer, in one place. */
final class StreamRequests {
  private final String stream;
  private final String group;

  StreamRequests(String stream, String group) {
    this.stream = stream;
    this.group = group;
  }

  String group() {
    return group;
  }

  Request length() {
    return Request.cmd(Command.XLEN).arg(stream);
  }

  String deadLetterStream() {
    return stream + ":dead";
  }

  Request createGroup() {
    return Request.cmd(Command.XGROUP).arg("CREATE").arg(stream).arg(group).arg("0").arg("MKSTREAM");
  }

  /** From "0" or a pending id: this consumer's own pending entries after it; from ">": new ones, blocking. */
  Request readGroup(String consumer, int count, long blockMs, String from) {
    Request request = Request.cmd(Command.XREADGROUP).arg("GROUP").arg(group).arg(consumer).arg("COUNT").arg(count);
    if (">".equals(from)) request.arg("BLOCK").arg(blockMs);
    return request.arg("STREAMS").arg(stream).arg(from);
  }

  Request ack(Collection<String> ids) {
    Request request = Request.cmd(Command.XACK).arg(stream).arg(group);
    for (String id : ids) request.arg(id);
    return request;
  }

  Request autoClaim(String consumer, long minIdleMs, String cursor, int count) {
    return Request.cmd(Command.XAUTOCLAIM).arg(stream).arg(group).arg(consumer).arg(minIdleMs).arg(cursor)
        .arg("COUNT").arg(count);
  }

  /** Extended XPENDING over an id range: [[id, consumer, idle ms, deliveries], ...]. */
  Request pendingRange(String firstId, String lastId, int count) {
    return Request.cmd(Command.XPENDING).arg(stream).arg(group).arg(firstId).arg(lastId).arg(count);
  }

  Request pendingSummary(String groupName) {
    return Request.cmd(Command.XPENDING).arg(stream).arg(groupName);
  }

  Request groups() {
    return Request.cmd(Command.XINFO).arg("GROUPS").arg(stream);
  }

  Request trimBelow(String minId) {
    // Exact, so that the stream length is the backlog: what some group has not read or acknowledged yet.
    return Request.cmd(Command.XTRIM).arg(stream).arg("MINID").arg(minId);
  }

  Request deadLetter(String id, String error, Map<String, String> fields) {
    Request request = Request.cmd(Command.XADD).arg(deadLetterStream()).arg("*")
        .arg("stream_id").arg(id).arg("error").arg(error == null ? "unknown" : error);
    for (Map.Entry<String, String> field : fields.entrySet()) {
      request.arg("original." + field.getKey()).arg(field.getValue() == null ? "" : field.getValue());
    }
    return request;
  }
}
