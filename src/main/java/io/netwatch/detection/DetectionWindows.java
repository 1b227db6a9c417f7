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
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The detectors' event-time windows in Redis, shared by every analyzer node: per batch, one script call per
 * detector it touches (see {@code detection/windows.lua}), sent together. A detector's keys share the hash tag
 * {@code {<prefix><detector>}}, so each call stays in one Redis Cluster slot. Members are idempotent, so a
 * replayed batch cannot raise a distinct count; a counter may over-count it once.
 */
final class DetectionWindows {
  static final String SCRIPT = load("/detection/windows.lua");

  /** What one batch did to the state, per detector: what the meters count. */
  record Outcome(List<AlertDecisions.WindowCount> counts, Map<Detector, long[]> events) {
    static final int REFUSED = 0;
    static final int EVICTED = 1;
    static final int PROMOTED = 2;
    static final int LATE = 3;
    static final int TOO_LATE = 4;
  }

  private final RedisLink redis;
  private final long timeoutMs;
  private final String keyPrefix;
  private final long latenessMs;

  DetectionWindows(RedisLink redis, long timeoutMs, String keyPrefix, long latenessMs) {
    this.redis = redis;
    this.timeoutMs = timeoutMs;
    this.keyPrefix = keyPrefix;
    this.latenessMs = latenessMs;
  }

  /** The Redis keys of a detector's ring: R window hashes, then R sketches, all under one hash tag. */
  static List<String> keys(String keyPrefix, Detector detector) {
    String tag = "{" + keyPrefix + detector.label() + "}";
    List<String> keys = new ArrayList<>(2 * StateBudget.RING);
    for (int s = 0; s < StateBudget.RING; s++) keys.add(tag + ":h:" + s);
    for (int s = 0; s < StateBudget.RING; s++) keys.add(tag + ":c:" + s);
    return keys;
  }

  Future<Outcome> add(List<Tally> windows, DetectionRules rules, StateBudget budget) {
    if (windows.isEmpty()) return Future.succeededFuture(new Outcome(List.of(), Map.of()));
    Map<Detector, List<Integer>> byDetector = new EnumMap<>(Detector.class);
    for (int i = 0; i < windows.size(); i++) {
      byDetector.computeIfAbsent(Detector.fromLabel(windows.get(i).detector), d -> new ArrayList<>()).add(i);
    }
    List<Detector> detectors = new ArrayList<>(byDetector.keySet());
    List<Future<Response>> calls = new ArrayList<>(detectors.size());
    for (Detector detector : detectors) {
      calls.add(redis.send(call(detector, byDetector.get(detector), windows, rules.rule(detector), budget), timeoutMs));
    }
    return Future.all(calls).map(done -> {
      AlertDecisions.WindowCount[] counts = new AlertDecisions.WindowCount[windows.size()];
      Arrays.fill(counts, AlertDecisions.WindowCount.UNDER);
      Map<Detector, long[]> events = new EnumMap<>(Detector.class);
      for (int c = 0; c < detectors.size(); c++) {
        Response reply = done.resultAt(c);
        List<Integer> indexes = byDetector.get(detectors.get(c));
        // Only the windows over their threshold are answered, each with its entry's index (from 1).
        int over = reply.size() - 1;
        for (int j = 0; j < over; j++) {
          Response w = reply.get(j);
          counts[indexes.get(w.get(0).toInteger() - 1)] = new AlertDecisions.WindowCount(w.get(1).toLong(),
              w.get(2).toLong(), w.get(3).toLong(), w.get(4).toLong());
        }
        Response tail = reply.get(over);
        long[] tallied = new long[tail.size()];
        for (int k = 0; k < tallied.length; k++) tallied[k] = tail.get(k).toLong();
        events.put(detectors.get(c), tallied);
      }
      return new Outcome(List.of(counts), events);
    });
  }

  private Request call(Detector detector, List<Integer> indexes, List<Tally> windows, DetectionRules.Rule rule,
      StateBudget budget) {
    List<String> keys = keys(keyPrefix, detector);
    Request eval = Request.cmd(Command.EVAL).arg(SCRIPT).arg(keys.size());
    for (String key : keys) eval.arg(key);
    eval.arg(rule.windowMs()).arg(detector.distinct() ? 1 : 0).arg(rule.threshold()).arg(rule.distinctCap())
        .arg(budget.admitBytes()).arg(budget.promoteBytes()).arg(budget.maxBytes()).arg(StateBudget.promoteAt(rule))
        .arg(budget.sketchWidth()).arg(StateBudget.SKETCH_DEPTH).arg(latenessMs).arg(StateBudget.BYTES_PER_FIELD);
    for (int i : indexes) {
      Tally tally = windows.get(i);
      eval.arg(tally.key).arg(tally.window).arg(tally.packets).arg(tally.firstAt).arg(tally.lastAt)
          .arg(tally.members.size());
      for (String member : tally.members) eval.arg(member);
    }
    return eval;
  }

  static String load(String resource) {
    try (InputStream in = DetectionWindows.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException(resource + " is missing from the classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
