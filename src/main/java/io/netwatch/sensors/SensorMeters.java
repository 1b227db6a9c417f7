package io.netwatch.sensors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.netwatch.ops.Metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The netwatch_sensor_* meters of one node, labelled by sensor: a few per registered sensor, removed from the
 * registry with the sensor, so the label's values are bounded by the registry.
 */
final class SensorMeters {
  private final Map<String, List<Meter>> bySensor = new ConcurrentHashMap<>();

  SensorHealth.Listener counters(String sensor) {
    Counter packets = register(sensor, Metrics.counter("netwatch.sensor.packets", "sensor", sensor));
    Map<Integer, Counter> refusals = new ConcurrentHashMap<>();
    return new SensorHealth.Listener() {
      @Override
      public void accepted(int n) {
        packets.increment(n);
      }

      @Override
      public void refused(int status) {
        refusals.computeIfAbsent(status, code -> register(sensor,
            Metrics.counter("netwatch.sensor.rejected", "sensor", sensor, "status", Integer.toString(code)))).increment();
      }
    };
  }

  void gauges(String sensor, SensorHealth health) {
    register(sensor, Gauge.builder("netwatch.sensor.last_seen_seconds", health, h -> h.lastSeenMillis() / 1000.0)
        .description(Metrics.help("netwatch.sensor.last_seen_seconds")).tag("sensor", sensor)
        .register(Metrics.registry()));
    register(sensor, Gauge.builder("netwatch.sensor.packets_per_second", health,
            h -> h.perSecondLastMinute(System.currentTimeMillis()))
        .description(Metrics.help("netwatch.sensor.packets_per_second")).tag("sensor", sensor)
        .register(Metrics.registry()));
  }

  /** Removes the meters of sensors no longer registered. */
  void retain(Set<String> registered) {
    bySensor.entrySet().removeIf(e -> {
      if (registered.contains(e.getKey())) return false;
      e.getValue().forEach(Metrics.registry()::remove);
      return true;
    });
  }

  private <M extends Meter> M register(String sensor, M meter) {
    bySensor.computeIfAbsent(sensor, s -> java.util.Collections.synchronizedList(new ArrayList<>())).add(meter);
    return meter;
  }
}
