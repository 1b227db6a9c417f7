package io.netwatch.stream;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;

import io.netwatch.redis.StreamEntry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The Redis Stream commands of the consumer, in one place. With shards, the same entry id can exist in two
 * shards (each key has its own sequence), while a stored row is unique by (stream_id, received_at): so a shard's
 * entries travel with their id tagged ({@code <id>@<shard>}) and the tag is taken off again for Redis here.
 */
final class StreamRequests {
  private final String stream;
  private final String group;
  private final String idTag;

  StreamRequests(String stream, String group) {
    this(stream, group, "");
  }

  StreamRequests(String stream, String group, String idTag) {
    this.stream = stream;
    this.group = group;
    this.idTag = idTag;
  }

  /** "@3" for shard 3 of several; "" for the single stream, whose ids stay as Redis gave them. */
  static String shardTag(int shard, int shards) {
    return shards == 1 ? "" : "@" + shard;
  }

  /** The entries with their ids tagged: what scoring, storage and detection see as stream_id. */
  List<StreamEntry> tag(List<StreamEntry> entries) {
    if (idTag.isEmpty()) return entries;
    List<StreamEntry> tagged = new ArrayList<>(entries.size());
    for (StreamEntry e : entries) tagged.add(new StreamEntry(e.id() + idTag, e.fields()));
    return tagged;
  }

  String tag(String redisId) {
    return redisId + idTag;
  }

  /** The id Redis knows. */
  String untag(String id) {
    return !idTag.isEmpty() && id.endsWith(idTag) ? id.substring(0, id.length() - idTag.length()) : id;
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
    for (String id : ids) request.arg(untag(id));
    return request;
  }

  Request autoClaim(String consumer, long minIdleMs, String cursor, int count) {
    return Request.cmd(Command.XAUTOCLAIM).arg(stream).arg(group).arg(consumer).arg(minIdleMs).arg(cursor)
        .arg("COUNT").arg(count);
  }

  /** Extended XPENDING over an id range: [[id, consumer, idle ms, deliveries], ...]. */
  Request pendingRange(String firstId, String lastId, int count) {
    return Request.cmd(Command.XPENDING).arg(stream).arg(group).arg(untag(firstId)).arg(untag(lastId)).arg(count);
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
        .arg("stream_id").arg(untag(id)).arg("error").arg(error == null ? "unknown" : error);
    for (Map.Entry<String, String> field : fields.entrySet()) {
      request.arg("original." + field.getKey()).arg(field.getValue() == null ? "" : field.getValue());
    }
    return request;
  }
}
