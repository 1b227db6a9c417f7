package io.netwatch.detection;

import io.netwatch.redis.RedisLink;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The detectors' windows in Redis, shared by every analyzer node: one script call per batch adds the
 * batch's tallies and answers each window's counts (see {@code detection/windows.lua}). Sets are
 * idempotent, so a replayed batch cannot raise a distinct count; a counter may over-count it once.
 */
final class DetectionWindows {
  private static final String SCRIPT = load();
  private final RedisLink redis;
  private final long timeoutMs;
  private final String keyPrefix;

  /** {@code keyPrefix} is "det:" in production; tests give each platform its own. */
  DetectionWindows(RedisLink redis, long timeoutMs, String keyPrefix) {
    this.redis = redis;
    this.timeoutMs = timeoutMs;
    this.keyPrefix = keyPrefix;
  }

  Future<List<AlertDecisions.WindowCount>> add(List<Tally> windows, DetectionRules rules) {
    if (windows.isEmpty()) return Future.succeededFuture(List.of());
    Request eval = Request.cmd(Command.EVAL).arg(SCRIPT).arg(0);
    for (Tally tally : windows) {
      DetectionRules.Rule rule = rules.rule(Detector.fromLabel(tally.detector));
      eval.arg(keyPrefix + tally.detector + ":" + tally.key)
          .arg(rule.windowMs())
          .arg(tally.packets)
          .arg(rule.distinctCap())
          .arg(tally.members.size());
      for (String member : tally.members) eval.arg(member);
    }
    return redis.send(eval, timeoutMs).map(DetectionWindows::counts);
  }

  private static List<AlertDecisions.WindowCount> counts(Response reply) {
    List<AlertDecisions.WindowCount> counts = new ArrayList<>(reply.size());
    for (Response window : reply) {
      counts.add(new AlertDecisions.WindowCount(window.get(0).toLong(), window.get(1).toLong(), window.get(2).toLong()));
    }
    return counts;
  }

  private static String load() {
    try (InputStream in = DetectionWindows.class.getResourceAsStream("/detection/windows.lua")) {
      if (in == null) throw new IllegalStateException("detection/windows.lua is missing from the classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
