package io.netwatch.notify;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The real receivers the notify tests start (Debian's rsyslog and prometheus-alertmanager): skipped with a message
 * where absent, unless -Dnotify.receivers.required=true makes their absence a failure.
 */
final class ReceiverBinaries {
  static final String REQUIRED = "notify.receivers.required";

  private ReceiverBinaries() {
  }

  /** The binary's path, or the test is skipped (or fails, when required). */
  static Path require(String binary, String debianPackage) {
    for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
      Path path = Path.of(dir, binary);
      if (Files.isExecutable(path)) return path;
    }
    String message = binary + " is not installed (apt-get install -y " + debianPackage + ")";
    if (Boolean.getBoolean(REQUIRED)) throw new AssertionError(message + " and -D" + REQUIRED + "=true");
    Assumptions.abort(message + ": skipped; -D" + REQUIRED + "=true makes this a failure");
    return null;
  }

  /**
   * A port to try: these daemons cannot report a port the OS chose, so callers start them on one of these and try
   * another when it was taken.
   */
  static int candidatePort() {
    return ThreadLocalRandom.current().nextInt(20_000, 60_000);
  }

  /** Whether something listens on this TCP or UDP port of 127.0.0.1, from the kernel's tables (no connection). */
  static boolean listening(int port, boolean udp) {
    String hex = String.format(":%04X ", port);
    for (String table : udp ? List.of("/proc/net/udp", "/proc/net/udp6") : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        for (String line : Files.readAllLines(Path.of(table))) {
          String[] cols = line.trim().split("\\s+");
          // local_address is column 1; a TCP listener's state (column 3) is 0A.
          if (cols.length > 3 && (cols[1] + " ").endsWith(hex) && (udp || cols[3].equals("0A"))) return true;
        }
      } catch (java.io.IOException e) {
        // table absent (no IPv6): look in the next
      }
    }
    return false;
  }
}
