package io.netwatch.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Compares a presented token with the expected one in constant time. Both are hashed first, so neither
 * the content nor the length of the expected token leaks through timing.
 */
public final class TokenCheck {
  /** One digest per thread, reused: looking SHA-256 up in the providers cost more than hashing the token. */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(TokenCheck::newDigest);
  private final byte[] expectedDigest;

  public TokenCheck(String expected) {
    if (expected == null || expected.isEmpty()) throw new IllegalArgumentException("token must not be empty");
    this.expectedDigest = sha256(expected);
  }

  public boolean matches(String presented) {
    if (presented == null) return false;
    return MessageDigest.isEqual(expectedDigest, sha256(presented));
  }

  /** Accepts an {@code Authorization} header value of the form {@code Bearer <token>}. */
  public boolean matchesBearer(String authorizationHeader) {
    if (authorizationHeader == null || authorizationHeader.length() < 7
        || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return matches(authorizationHeader.substring(7).strip());
  }

  private static byte[] sha256(String value) {
    return SHA256.get().digest(value.getBytes(StandardCharsets.UTF_8)); // digest() also resets it
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  @Override
  public String toString() {
    return "TokenCheck[redacted]";
  }
}
