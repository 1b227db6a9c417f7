package io.netwatch.capture;

/**
 * A capture that cannot be read on: what is wrong, and the byte offset in the file where it starts
 * (what came before it was read and may still be sent).
 */
public final class CaptureFormatException extends Exception {
  /** What is wrong; each has its own exit code. */
  public enum Kind { BAD_MAGIC, UNKNOWN_LINK_TYPE, TRUNCATED, MALFORMED }

  private final Kind kind;
  private final long offset;

  public CaptureFormatException(Kind kind, long offset, String message) {
    super(message + " at byte offset " + offset);
    this.kind = kind;
    this.offset = offset;
  }

  public Kind kind() {
    return kind;
  }

  public long offset() {
    return offset;
  }
}
