package io.netwatch.ops;

import io.netwatch.config.StandardVerticle;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The checks of {@code GET /ready}, and which of them a node needs: what the verticles it runs depend on.
 * Ingest needs Redis and room in the stream; the analyzer (persistence, scorer, detector, stream consumer) Redis and
 * PostgreSQL; the dashboard all of them plus every verticle running somewhere in the cluster. Pure.
 */
public enum ReadinessCheck {
  REDIS("redis"), POSTGRES("postgres"), STREAM_BACKLOG("stream-backlog"), VERTICLES("verticles"),
  /** The detectors' state: its bytes against DETECTION_MEMCAP_MB and whether detection is in emergency mode. */
  DETECTION("detection");

  private final String id;

  ReadinessCheck(String id) {
    this.id = id;
  }

  /** Its name in the answer of {@code GET /ready}. */
  public String id() {
    return id;
  }

  /** What one standard verticle depends on. */
  public static Set<ReadinessCheck> neededBy(StandardVerticle verticle) {
    return switch (verticle) {
      case INGEST -> EnumSet.of(REDIS, STREAM_BACKLOG);
      case STREAM_CONSUMER -> EnumSet.of(REDIS);
      case PERSISTENCE, NOTIFIER -> EnumSet.of(POSTGRES);
      case DETECTOR -> EnumSet.of(REDIS, POSTGRES, DETECTION);
      case SCORER -> EnumSet.noneOf(ReadinessCheck.class);
      case DASHBOARD -> EnumSet.allOf(ReadinessCheck.class);
    };
  }

  /** What a node running these classes depends on; a class of the operator's own adds nothing. */
  public static Set<ReadinessCheck> neededByClasses(Collection<String> classNames) {
    Set<ReadinessCheck> checks = EnumSet.noneOf(ReadinessCheck.class);
    for (String className : classNames) {
      Optional<StandardVerticle> standard = StandardVerticle.ofClass(className);
      standard.ifPresent(verticle -> checks.addAll(neededBy(verticle)));
    }
    return checks;
  }
}
