package io.netwatch.ingest;

/** One packet of a batch breaks the ingest contract: {@link #index()} and {@link #field()} name it for the 400. */
final class BatchPacketException extends RuntimeException {
  private final int index;
  private final String field;

  BatchPacketException(int index, String field, String message) {
    super(message, null, false, false);
    this.index = index;
    this.field = field;
  }

  int index() {
    return index;
  }

  String field() {
    return field;
  }
}
