package io.netwatch.capture;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * The reader's loop: frames to telemetry to batches, paced by capture time when a speed is set (1 = real
 * time, N = N times real time; 0 = as fast as the platform takes it).
 */
final class Replay {
  private final CaptureReader reader;
  private final PacketDecoder decoder;
  private final Consumer<PacketFields> out;
  private final double speed;
  private final SensorStats stats;
  private long firstCaptureMicros = Frame.NO_TIME;
  private long firstWallNanos;

  /** @param out takes each packet's fields, valid only during the call (the object is reused) */
  Replay(CaptureReader reader, PacketDecoder decoder, Consumer<PacketFields> out, double speed, SensorStats stats) {
    this.reader = reader;
    this.decoder = decoder;
    this.out = out;
    this.speed = speed;
    this.stats = stats;
  }

  /** Reads to the end of the capture; a format error is thrown after every frame before it was handed on. */
  void run() throws IOException, CaptureFormatException, InterruptedException {
    PacketFields fields = decoder.newFields();
    long read = 0;
    long skipped = 0;
    for (Frame frame = reader.next(); frame != null; frame = reader.next()) {
      // Only this thread writes the counters: lazySet publishes them without a memory fence per frame. The byte
      // count is for the file's percentage, redrawn once a second: every 256 frames is plenty.
      stats.framesRead.lazySet(++read);
      if ((read & 255) == 0) stats.bytesRead.lazySet(reader.offset());
      if (speed > 0) pace(frame.tsMicros());
      if (decoder.decode(frame, fields)) {
        out.accept(fields);
      } else {
        stats.framesSkipped.lazySet(++skipped);
      }
    }
    stats.bytesRead.set(reader.offset());
  }

  private void pace(long captureMicros) throws InterruptedException {
    if (captureMicros == Frame.NO_TIME) return;
    if (firstCaptureMicros == Frame.NO_TIME) {
      firstCaptureMicros = captureMicros;
      firstWallNanos = System.nanoTime();
      return;
    }
    long dueNanos = firstWallNanos + (long) ((captureMicros - firstCaptureMicros) * 1000 / speed);
    long waitNanos = dueNanos - System.nanoTime();
    // Waiting is the point here: the packet is due at this wall-clock time.
    if (waitNanos > 1_000_000) Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
  }
}
