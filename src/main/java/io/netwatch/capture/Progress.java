package io.netwatch.capture;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * On a terminal, one progress line redrawn every second (file %, packets read / sent / spooled, packets/s,
 * ETA); otherwise a log line every {@value #LOG_EVERY_S} seconds. Written to standard error.
 */
final class Progress implements AutoCloseable {
  static final int LOG_EVERY_S = 5;

  private final SensorStats stats;
  private final long fileBytes;
  private final LongSupplier spooled;
  private final PrintStream err;
  private final boolean terminal;
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService timer;

  /** @param fileBytes the capture's size, or -1 for standard input */
  Progress(SensorStats stats, long fileBytes, LongSupplier spooled, PrintStream err, boolean quiet) {
    this.stats = stats;
    this.fileBytes = fileBytes;
    this.spooled = spooled;
    this.err = err;
    this.terminal = isTerminal();
    if (quiet) {
      timer = null;
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sensor-progress");
      t.setDaemon(true);
      return t;
    });
    long every = terminal ? 1 : LOG_EVERY_S;
    timer.scheduleAtFixedRate(this::show, every, every, TimeUnit.SECONDS);
  }

  /** Whether standard error is a terminal (Linux: what fd 2 points to). */
  static boolean isTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (Exception e) {
      return false;
    }
  }

  private void show() {
    String line = line();
    if (terminal) {
      err.print("\r\033[K" + line);
    } else {
      err.println(Instant.now() + " sensor: " + line);
    }
    err.flush();
  }

  String line() {
    double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
    long read = stats.framesRead.get();
    long rate = Math.round(read / seconds);
    StringBuilder s = new StringBuilder();
    if (fileBytes > 0) {
      double fraction = Math.min(1.0, (double) stats.bytesRead.get() / fileBytes);
      s.append(String.format("%5.1f%% ", 100 * fraction));
      if (fraction > 0 && fraction < 1) {
        long eta = Math.round(seconds * (1 - fraction) / fraction);
        s.append(String.format("ETA %d:%02d ", eta / 60, eta % 60));
      }
    }
    return s.append(String.format("read %,d  sent %,d  spooled %,d  %,d packets/s", read, stats.packetsSent.get(),
        spooled.getAsLong(), rate)).toString();
  }

  /** Stops the display and prints the summary. */
  void finish(String outcome) {
    if (timer != null) {
      timer.shutdownNow();
      if (terminal) err.print("\r\033[K");
    }
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    err.printf("sensor: %s: %,d frames read (%,d without IP), %,d packets sent, %,d rejected, %,d still spooled,"
            + " %,d retries, %.1f s%n", outcome, stats.framesRead.get(), stats.framesSkipped.get(),
        stats.packetsSent.get(), stats.packetsRejected.get(), spooled.getAsLong(), stats.retries.get(), seconds);
    err.flush();
  }

  @Override
  public void close() {
    if (timer != null) timer.shutdownNow();
  }
}
