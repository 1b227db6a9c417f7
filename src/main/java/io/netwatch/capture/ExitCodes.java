package io.netwatch.capture;

/** The sensor's exit codes: part of its contract (docs/sensor.md). */
public final class ExitCodes {
  /** The whole capture was read and every packet acknowledged by ingest. */
  public static final int OK = 0;
  /** Something the sensor did not expect; the message says what. */
  public static final int FAILED = 1;
  /** A wrong option or value. */
  public static final int USAGE = 2;
  /** The capture file could not be opened or read. */
  public static final int UNREADABLE = 3;
  /** Not a pcap or pcapng capture (wrong magic number) or a malformed block. */
  public static final int NOT_A_CAPTURE = 4;
  /** A link type the sensor does not decode. */
  public static final int UNKNOWN_LINK_TYPE = 5;
  /** The capture ends inside a header or record; what came before it was sent. */
  public static final int TRUNCATED = 6;
  /** Ingest refused the token (401): stopped at once, nothing retried. */
  public static final int TOKEN_REFUSED = 7;
  /** Packets were lost: dropped from a full spool, or a batch ingest rejected (400, 413). */
  public static final int PACKETS_LOST = 8;

  private ExitCodes() {
  }

  static int forFormat(CaptureFormatException e) {
    return switch (e.kind()) {
      case BAD_MAGIC, MALFORMED -> NOT_A_CAPTURE;
      case UNKNOWN_LINK_TYPE -> UNKNOWN_LINK_TYPE;
      case TRUNCATED -> TRUNCATED;
    };
  }
}
