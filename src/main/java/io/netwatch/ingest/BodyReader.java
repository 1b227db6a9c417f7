package io.netwatch.ingest;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;

/**
 * Reads request bodies into a byte array, up to MAX_BODY_BYTES: a longer one gets 413 at once, and the
 * rest of its upload is read and dropped (clients read the answer only once they have sent their body)
 * before the connection is closed. Bodies nobody wants are drained the same way; an endless one is cut off.
 */
final class BodyReader {
  private static final Logger log = LoggerFactory.getLogger(BodyReader.class);
  private static final long MAX_DISCARDED_BYTES = 64L * 1024 * 1024;
  private static final int UNDECLARED_INITIAL_BYTES = 1024;

  /** What to do with a whole body: its bytes are the first {@code length} of {@code bytes}. */
  @FunctionalInterface
  interface Then {
    void body(byte[] bytes, int length);
  }

  private final int maxBodyBytes;

  BodyReader(int maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  void read(HttpServerRequest request, Then then) {
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    long declaredLength = declared == null ? -1 : parseLength(declared);
    if (declaredLength > maxBodyBytes) {
      tooLarge(request);
      return;
    }
    Body body = new Body(declared != null ? (int) Math.max(0, declaredLength) : UNDECLARED_INITIAL_BYTES);
    request.handler(chunk -> {
      if (body.overflow) return;
      if (body.length + chunk.length() > maxBodyBytes) {
        body.overflow = true;
        tooLarge(request);
      } else {
        body.append(chunk);
      }
    });
    request.endHandler(v -> {
      if (!body.overflow) then.body(body.bytes, body.length);
    });
    request.exceptionHandler(err -> log.debug("ingest request failed: {}", err.getMessage()));
  }

  /** Reads and drops a body nobody wants, so the connection stays usable; an endless one is cut off. */
  static void discard(HttpServerRequest request) {
    long[] discarded = {0};
    request.handler(chunk -> {
      discarded[0] += chunk.length();
      if (discarded[0] > MAX_DISCARDED_BYTES) request.connection().close();
    });
  }

  private void tooLarge(HttpServerRequest request) {
    // Said in the answer: a client that does not know the connection ends would reuse it and fail there.
    request.response().putHeader(HttpHeaders.CONNECTION, "close");
    IngestReplies.send(request.response(), 413,
        IngestReplies.error("request body is larger than the limit of " + maxBodyBytes + " bytes", "body"));
    discard(request);
    request.endHandler(v -> request.connection().close());
  }

  private static long parseLength(String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /** The bytes so far; sized by Content-Length when declared, else grown as chunks come. */
  private static final class Body {
    byte[] bytes;
    int length;
    boolean overflow;

    Body(int capacity) {
      bytes = new byte[capacity];
    }

    void append(Buffer chunk) {
      int needed = length + chunk.length();
      if (needed > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
      chunk.getBytes(0, chunk.length(), bytes, length);
      length = needed;
    }
  }
}
