package io.netwatch.capture;

/**
 * One request's worth of packets, encoded as it will be sent.
 *
 * @param sequence the order batches were made in (spool files are named by it, so order survives restarts)
 * @param packets how many packets the body holds
 * @param body a JSON array of telemetry, gzip-compressed when {@code gzip}
 */
public record Batch(long sequence, int packets, byte[] body, boolean gzip) {
}
