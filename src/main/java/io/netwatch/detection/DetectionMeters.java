package io.netwatch.detection;

import io.micrometer.core.instrument.Counter;
import io.netwatch.ops.Metrics;
import io.netwatch.redis.RedisLink;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The detectors' state meters: what a batch did at the bound, and what the state weighs in Redis. */
final class DetectionMeters {
  private static final String STATE_SCRIPT = DetectionWindows.load("/detection/state.lua");
  private static final String[] EVENTS = {"netwatch.detection.refused", "netwatch.detection.evicted",
      "netwatch.detection.promoted", "netwatch.detection.late", "netwatch.detection.too_late"};

  private final Map<Detector, Counter[]> events = new EnumMap<>(Detector.class);
  private final Map<Detector, AtomicLong> stateBytes = new EnumMap<>(Detector.class);
  private final Map<Detector, AtomicLong> trackedKeys = new EnumMap<>(Detector.class);
  final Counter degraded = Metrics.counter("netwatch.detection.degraded");
  private static final AtomicLong EMERGENCY = Metrics.gauge("netwatch.detection.emergency", "mode", "emergency");

  DetectionMeters() {
    for (Detector d : Detector.values()) {
      Counter[] counters = new Counter[EVENTS.length];
      for (int i = 0; i < EVENTS.length; i++) counters[i] = Metrics.counter(EVENTS[i], "detector", d.label());
      events.put(d, counters);
      stateBytes.put(d, Metrics.gauge("netwatch.detection.state_bytes", "detector", d.label()));
      trackedKeys.put(d, Metrics.gauge("netwatch.detection.tracked_keys", "detector", d.label()));
    }
  }

  /** Counts a batch's outcome; a refusal or eviction puts the node in emergency mode. */
  void count(DetectionWindows.Outcome outcome, long nowMillis) {
    outcome.events().forEach((detector, tallied) -> {
      Counter[] counters = events.get(detector);
      for (int i = 0; i < Math.min(tallied.length, counters.length); i++) {
        if (tallied[i] > 0) counters[i].increment(tallied[i]);
      }
      if (tallied[DetectionWindows.Outcome.REFUSED] > 0 || tallied[DetectionWindows.Outcome.EVICTED] > 0) {
        DetectionHealth.pressure(nowMillis);
      }
    });
    refreshEmergency(nowMillis);
  }

  void refreshEmergency(long nowMillis) {
    EMERGENCY.set(DetectionHealth.emergency(nowMillis) ? 1 : 0);
  }

  /** Reads every enabled detector's ring (one script call each) into the gauges and /ready. */
  Future<Void> readState(RedisLink redis, long timeoutMs, String keyPrefix, DetectionRules rules) {
    List<Future<?>> reads = new ArrayList<>();
    for (Detector detector : Detector.values()) {
      if (!rules.rule(detector).enabled()) continue;
      List<String> keys = DetectionWindows.keys(keyPrefix, detector);
      Request eval = Request.cmd(Command.EVAL).arg(STATE_SCRIPT).arg(keys.size());
      for (String key : keys) eval.arg(key);
      reads.add(redis.send(eval, timeoutMs).onSuccess(reply -> record(detector, reply)));
    }
    return Future.join(reads).mapEmpty();
  }

  private void record(Detector detector, Response slots) {
    long bytes = 0;
    long keys = 0;
    for (Response slot : slots) {
      keys += slot.get(1).toLong();
      bytes += slot.get(2).toLong() + slot.get(3).toLong();
    }
    stateBytes.get(detector).set(bytes);
    trackedKeys.get(detector).set(keys);
    DetectionHealth.state(detector, bytes, keys);
  }
}
