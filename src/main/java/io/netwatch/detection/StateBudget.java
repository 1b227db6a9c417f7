package io.netwatch.detection;

/**
 * How DETECTION_MEMCAP_MB is shared out (see docs/detection-state.md): equally between the enabled detectors,
 * and within a detector between the {@link #RING} windows of its ring. Each window slot has a count-min sketch
 * of fixed size (a quarter of the slot) and a hash of tracked keys whose accounted bytes (key, value and
 * {@link #BYTES_PER_FIELD} of Redis overhead per field) stay under the rest. Pure.
 *
 * @param admitBytes   new keys are tracked exactly while the slot's accounted bytes are under this
 * @param promoteBytes past admitBytes, a key whose sketch estimate reaches its promotion level is tracked
 *                     while under this, else it evicts a sampled key with fewer packets
 * @param maxBytes     tracked keys stop gaining distinct values here
 */
record StateBudget(long memcapBytes, long admitBytes, long promoteBytes, long maxBytes, long sketchWidth) {
  /** Windows kept per detector: the current one, the previous (sliding estimate) and two for late packets. */
  static final int RING = 4;
  static final int SKETCH_DEPTH = 4;
  /** Redis's own cost per hash field beyond the key and value text (entry, headers, table slot), rounded up. */
  static final int BYTES_PER_FIELD = 96;
  /** A key in the sketch tier is promoted to exact state once its estimate reaches threshold / this. */
  static final int PROMOTE_DIVISOR = 8;

  static StateBudget of(long memcapBytes, int enabledDetectors) {
    long slot = memcapBytes / ((long) Math.max(1, enabledDetectors) * RING);
    long width = Math.max(64, slot / 4 / (4L * SKETCH_DEPTH));
    long fields = Math.max(0, slot - width * 4 * SKETCH_DEPTH);
    return new StateBudget(memcapBytes, fields * 7 / 10, fields * 17 / 20, fields, width);
  }

  /** The sketch estimate at which a key is tracked exactly: an attack loses fewer packets than this from its count. */
  static long promoteAt(DetectionRules.Rule rule) {
    return Math.max(2, (rule.threshold() + PROMOTE_DIVISOR - 1) / PROMOTE_DIVISOR);
  }

  /** Bytes one detector's state may take: its slots' fields and sketches. */
  long perDetectorBytes(int enabledDetectors) {
    return memcapBytes / Math.max(1, enabledDetectors);
  }
}
