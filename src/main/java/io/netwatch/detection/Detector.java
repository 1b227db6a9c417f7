package io.netwatch.detection;

import java.util.Locale;

/**
 * The stateful detectors: what each one keys on and counts. A counter detector engages when its window's
 * packet count goes above the threshold; a distinct-count detector when its window has seen at least
 * threshold distinct values.
 */
public enum Detector {
  /** Packets from one source (ntopng's packet threshold). */
  SOURCE_FLOOD(false, false),
  /** SYN-only packets to one destination (ntopng's SYN flood, 256/s). */
  SYN_FLOOD(true, false),
  /** Distinct destination ports of SYN-only packets from one source to one host (Zeek's port scan, 15). */
  PORT_SCAN(true, true),
  /** Distinct destination hosts of SYN-only packets from one source to one port (Zeek's address scan, 25). */
  HOST_SWEEP(true, true);

  private final boolean synOnly;
  private final boolean distinct;
  /** Computed once: labels are looked up for every packet. */
  private final String label = name().toLowerCase(Locale.ROOT);

  Detector(boolean synOnly, boolean distinct) {
    this.synOnly = synOnly;
    this.distinct = distinct;
  }

  /** The name in config, in Redis keys and in the alerts table. */
  public String label() {
    return label;
  }

  /** Counts only SYN-only TCP packets: the sensors see no return traffic, so a SYN is a connection attempt. */
  public boolean synOnly() {
    return synOnly;
  }

  /** Counts distinct values rather than packets. */
  public boolean distinct() {
    return distinct;
  }

  public static Detector fromLabel(String label) {
    for (Detector d : values()) {
      if (d.label().equals(label)) return d;
    }
    return null;
  }
}
