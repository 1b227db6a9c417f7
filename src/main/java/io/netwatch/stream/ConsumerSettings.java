package io.netwatch.stream;

import io.netwatch.config.Settings;

/**
 * The consumer's configuration, read once at start, with the limits derived from it. {@code idTag} is what a
 * shard's entry ids carry as stream_id (see {@link StreamRequests#tag}); empty for the single stream.
 */
record ConsumerSettings(String stream, String group, String consumerName, int batchSize, long blockMs,
    int maxInFlight, long claimIdleMs, int maxDeliveries, long redisTimeoutMs, long trimIntervalMs, boolean detect,
    String idTag) {

  static ConsumerSettings from(Settings settings) {
    return new ConsumerSettings(
        settings.string(Settings.REDIS_STREAM_NAME),
        settings.string(Settings.CONSUMER_GROUP),
        settings.string(Settings.CONSUMER_NAME),
        settings.integer(Settings.BATCH_SIZE),
        settings.integer(Settings.BLOCK_MS),
        Math.max(1, settings.integer(Settings.MAX_IN_FLIGHT)),
        settings.integer(Settings.CLAIM_IDLE_MS),
        settings.integer(Settings.MAX_DELIVERIES),
        settings.integer(Settings.REDIS_TIMEOUT_MS),
        settings.integer(Settings.TRIM_INTERVAL_MS),
        settings.on(Settings.DETECTORS),
        "");
  }

  /** The same settings for one shard of the stream: its key and the tag its ids carry. */
  ConsumerSettings forShard(String key, String tag) {
    return new ConsumerSettings(key, group, consumerName, batchSize, blockMs, maxInFlight, claimIdleMs, maxDeliveries,
        redisTimeoutMs, trimIntervalMs, detect, tag);
  }

  /** A blocking read may take BLOCK_MS before Redis answers at all. */
  long readTimeoutMs() {
    return blockMs + redisTimeoutMs;
  }

  /**
   * Long enough for a slow scorer or database; where CLAIM_IDLE_MS allows, within half of it, so that a
   * stuck request fails and is retried before its entries look abandoned to the other consumers.
   */
  long busTimeoutMs() {
    return Math.max(10_000, claimIdleMs / 2);
  }

  /** Looks for idle entries twice per idle period, so none waits much longer than CLAIM_IDLE_MS. */
  long claimIntervalMs() {
    return Math.max(1_000, claimIdleMs / 2);
  }
}
