package io.netwatch.persistence;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Which partitions of {@code anomalies} (and of {@code rollup_only_keys}, partitioned alike) to create and which to drop: one partition per UTC hour, named
 * {@code anomalies_pYYYYMMDDHH}, created for the current hour and the next {@link #HOURS_AHEAD}; a partition
 * is dropped once all of it is older than the retention cutoff. Partitions of other sizes (the migration
 * made daily ones for old rows) are read from their bounds, never from their names. Pure.
 */
public final class PartitionPlan {
  /** Hours created ahead of the current one: a maintenance pause this long still finds its partitions. */
  public static final int HOURS_AHEAD = 6;
  private static final DateTimeFormatter HOUR_NAME =
      DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(ZoneOffset.UTC);

  /** A partition and its range [from, to). */
  public record Range(String name, Instant from, Instant to) {
    boolean overlaps(Instant otherFrom, Instant otherTo) {
      return from.isBefore(otherTo) && otherFrom.isBefore(to);
    }
  }

  private PartitionPlan() {
  }

  /** The hourly partitions from {@code now}'s hour to {@link #HOURS_AHEAD} after it that no partition covers yet. */
  public static List<Range> missingHours(List<Range> existing, Instant now) {
    return missingHours("anomalies", existing, now);
  }

  /** The same for another table partitioned like anomalies ({@code <table>_pYYYYMMDDHH}). */
  public static List<Range> missingHours(String table, List<Range> existing, Instant now) {
    List<Range> missing = new ArrayList<>();
    Instant hour = now.truncatedTo(ChronoUnit.HOURS);
    for (int i = 0; i <= HOURS_AHEAD; i++, hour = hour.plus(Duration.ofHours(1))) {
      Instant from = hour;
      Instant to = hour.plus(Duration.ofHours(1));
      if (existing.stream().noneMatch(r -> r.overlaps(from, to))) missing.add(hour(table, from));
    }
    return missing;
  }

  /** The partitions wholly older than {@code cutoff}, oldest first. */
  public static List<Range> expired(List<Range> existing, Instant cutoff) {
    return existing.stream().filter(r -> !r.to().isAfter(cutoff))
        .sorted(java.util.Comparator.comparing(Range::from)).toList();
  }

  /** The hourly partition that starts at {@code from} (a whole UTC hour). */
  public static Range hour(Instant from) {
    return hour("anomalies", from);
  }

  /** The same for another table partitioned like anomalies. */
  public static Range hour(String table, Instant from) {
    return new Range(table + "_p" + HOUR_NAME.format(from), from, from.plus(Duration.ofHours(1)));
  }

  /** A time as a SQL literal for a partition bound (DDL takes no parameters): '2026-11-26T14:00:00Z'. */
  static String literal(Instant time) {
    return "'" + DateTimeFormatter.ISO_INSTANT.format(time) + "'";
  }
}
