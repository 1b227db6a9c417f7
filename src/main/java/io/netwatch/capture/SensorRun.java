package io.netwatch.capture;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;

/**
 * One run of the sensor over an opened capture: the reader on the calling thread, the sender on its own,
 * the queue (and spool) between them. Returns the exit code and prints at most one error line and a summary.
 */
final class SensorRun {
  private final SensorSettings settings;
  private final CaptureReader reader;
  private final long fileBytes;
  private final PrintStream err;
  private final SensorStats stats = new SensorStats();

  SensorRun(SensorSettings settings, CaptureReader reader, long fileBytes, PrintStream err) {
    this.settings = settings;
    this.reader = reader;
    this.fileBytes = fileBytes;
    this.err = err;
  }

  int call() throws IOException, InterruptedException {
    Spool spool;
    try {
      spool = settings.spool() == null ? null : new Spool(settings.spool(), settings.spoolMaxBytes(), this::log);
    } catch (IOException e) {
      err.println("netwatch sensor: --spool " + settings.spool() + " cannot be used: " + e);
      return ExitCodes.USAGE;
    }
    if (spool != null && !spool.isEmpty()) {
      log("resuming: " + spool.packets() + " packets spooled by an earlier run go first");
    }
    DeliveryQueue queue = new DeliveryQueue(spool);
    SourceRates rates = new SourceRates(settings.maxSources());
    PacketDecoder decoder = new PacketDecoder(settings.payloadBytes(), rates);
    TelemetryJson json = new TelemetryJson(settings.name());
    try (Progress progress = new Progress(stats, fileBytes, queue::spooledPackets, err, settings.quiet())) {
      if (settings.dryRun()) return dryRun(decoder, json, progress);

      Batcher batcher = new Batcher(settings.batch(), json, settings.gzip(), spool == null ? 0 : spool.nextSequence(),
          batch -> put(queue, batch));
      try (IngestClient client = new IngestClient(settings.ingestUrl(), settings.token())) {
        Sender sender = new Sender(queue, batcher, client, settings.lingerMs(), stats,
            new RetryDelays(new SplittableRandom()), this::log);
        Thread senderThread = new Thread(sender, "sensor-sender");
        senderThread.start();
        CaptureFormatException formatError = null;
        try {
          new Replay(reader, decoder, batcher::add, settings.speed(), stats).run();
        } catch (CaptureFormatException e) {
          formatError = e; // what came before it is still sent
        } catch (CancellationException e) {
          // the sender stopped everything; it says why below
        } finally {
          try {
            batcher.flush();
          } catch (CancellationException ignored) {
            // the sender stopped everything
          }
          queue.close();
        }
        senderThread.join();
        if (json.timesLeftOut() > 0) {
          log(json.timesLeftOut() + " packets sent without their capture time, which was before 2000 or more than"
              + " 300 s ahead of this clock: ingest would refuse it (it uses its receipt time instead)");
        }
        if (rates.evicted() > 0) log("source table full: " + rates.evicted() + " sources forgotten (--max-sources)");
        return outcome(sender, formatError, spool, queue, progress);
      }
    }
  }

  private int dryRun(PacketDecoder decoder, TelemetryJson json, Progress progress)
      throws IOException, InterruptedException {
    Batcher batcher = Batcher.discarding(settings.batch(), json);
    int code = ExitCodes.OK;
    try {
      new Replay(reader, decoder, batcher::add, settings.speed(), stats).run();
    } catch (CaptureFormatException e) {
      code = ExitCodes.forFormat(e);
      err.println("netwatch sensor: capture: " + e.getMessage());
    }
    batcher.flush();
    progress.finish("dry run, nothing sent");
    return code;
  }

  private int outcome(Sender sender, CaptureFormatException formatError, Spool spool, DeliveryQueue queue,
      Progress progress) {
    long dropped = spool == null ? 0 : spool.droppedPackets();
    int code;
    String error = null;
    if (sender.exitCode() != ExitCodes.OK) {
      code = sender.exitCode();
      error = sender.error();
    } else if (formatError != null) {
      code = ExitCodes.forFormat(formatError);
      error = "capture: " + formatError.getMessage() + " (the " + stats.framesRead.get()
          + " frames before it were sent)";
    } else if (dropped > 0 || stats.packetsRejected.get() > 0) {
      code = ExitCodes.PACKETS_LOST;
      error = (dropped + stats.packetsRejected.get()) + " packets lost: " + dropped + " dropped from the full spool, "
          + stats.packetsRejected.get() + " rejected by ingest";
    } else {
      code = ExitCodes.OK;
    }
    progress.finish(code == ExitCodes.OK ? "done" : "stopped (exit " + code + ")");
    if (error != null) err.println("netwatch sensor: " + error);
    return code;
  }

  private static void put(DeliveryQueue queue, Batch batch) {
    try {
      queue.put(batch);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted");
    }
  }

  private void log(String line) {
    err.println(Instant.now() + " sensor: " + line);
  }
}
