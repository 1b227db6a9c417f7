package io.netwatch.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Pid files of the embedded servers, so a server orphaned by a killed JVM is stopped on the next start. */
final class ProcessFiles {
  private ProcessFiles() {
  }

  /** The first line of a pid file (PostgreSQL's postmaster.pid has more lines), if it names a live process. */
  static Optional<ProcessHandle> liveProcess(Path pidFile) {
    try {
      if (!Files.isRegularFile(pidFile)) return Optional.empty();
      String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").strip();
      return ProcessHandle.of(Long.parseLong(first)).filter(ProcessHandle::isAlive);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Stops an orphan: SIGTERM, then SIGKILL if it is still there after a few seconds. */
  static void stopOrphan(Path pidFile, String what) {
    liveProcess(pidFile).ifPresent(process -> {
      String command = process.info().command().orElse("");
      if (!command.isEmpty() && !command.contains(what)) return; // the pid was reused by something else
      EmbeddedDatastores.log.warn("stopping an orphaned {} (pid {}) left by an earlier run", what, process.pid());
      process.destroy();
      try {
        process.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        process.destroyForcibly();
      }
    });
  }
}
