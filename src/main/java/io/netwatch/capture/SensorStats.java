package io.netwatch.capture;

import java.util.concurrent.atomic.AtomicLong;

/** The sensor's counters, read by the progress display and the summary. */
final class SensorStats {
  final AtomicLong framesRead = new AtomicLong();
  /** Frames without IP (ARP, ...) or too short for both addresses: read, not sent. */
  final AtomicLong framesSkipped = new AtomicLong();
  final AtomicLong bytesRead = new AtomicLong();
  final AtomicLong packetsSent = new AtomicLong();
  final AtomicLong packetsRejected = new AtomicLong();
  final AtomicLong retries = new AtomicLong();
}
