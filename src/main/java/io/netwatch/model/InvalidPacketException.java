package io.netwatch.model;

/** A packet field that breaks the ingest contract; {@link #field()} names it for the 400 answer. */
public final class InvalidPacketException extends RuntimeException {
  private final String field;

  public InvalidPacketException(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
