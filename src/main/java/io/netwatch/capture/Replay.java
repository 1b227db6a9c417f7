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
  private final Consumer<Telemetry> out;
  private final double speed;
  private final SensorStats stats;
  private long firstCaptureMicros = Frame.NO_TIME;
  private long firstWallNanos;

  Replay(CaptureReader reader, PacketDecoder decoder, Consumer<Telemetry> out, double speed, SensorStats stats) {
    this.reader = reader;
    this.decoder = decoder;
    this.out = out;
    this.speed = speed;
    this.stats = stats;
  }

  /** Reads to the end of the capture; a format error is thrown after every frame before it was handed on. */
  void run() throws IOException, CaptureFormatException, InterruptedException {
    for (Frame frame = reader.next(); frame != null; frame = reader.next()) {
      stats.framesRead.incrementAndGet();
      stats.bytesRead.set(reader.offset());
      if (speed > 0) pace(frame.tsMicros());
      Telemetry packet = decoder.decode(frame);
      if (packet == null) {
        stats.framesSkipped.incrementAndGet();
      } else {
        out.accept(packet);
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
