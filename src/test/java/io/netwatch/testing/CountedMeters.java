package io.netwatch.testing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The platform's counters as a test reads them. Tests run without a metrics backend, so the platform registers
 * its meters in Micrometer's global registry, which keeps nothing: {@link #capture()} (before the platform is
 * deployed) adds a registry that counts while the test class runs, {@link #release()} removes it. Where an
 * earlier test class of this JVM left a Vert.x metrics backend behind, the platform's meters are there instead,
 * and {@link #count} reads them there.
 */
public final class CountedMeters {
  private static final MeterRegistry CAPTURED = new SimpleMeterRegistry();

  private CountedMeters() {
  }

  public static void capture() {
    io.micrometer.core.instrument.Metrics.addRegistry(CAPTURED);
  }

  public static void release() {
    io.micrometer.core.instrument.Metrics.removeRegistry(CAPTURED);
  }

  /** The count of the platform's counter with this name and tags (key, value, ...); 0 if it has none yet. */
  public static double count(String name, String... tags) {
    var counter = io.netwatch.ops.Metrics.registry().find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }
}
