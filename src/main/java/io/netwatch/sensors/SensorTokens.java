package io.netwatch.sensors;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Sensor tokens: 32 random bytes, shown once; only their SHA-256 digest is kept. Pure. */
public final class SensorTokens {
  /** Marks a sensor's token in logs and configuration files (the token itself is never logged). */
  static final String PREFIX = "nws_";
  private static final SecureRandom RANDOM = new SecureRandom();
  /** One digest per thread, reused: looking SHA-256 up in the providers costs more than hashing a token. */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(SensorTokens::newDigest);

  private SensorTokens() {
  }

  public static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static byte[] digest(String token) {
    return SHA256.get().digest(token.getBytes(StandardCharsets.UTF_8)); // digest() also resets it
  }

  /** The token of an {@code Authorization: Bearer <token>} header, or null. */
  public static String bearer(String authorizationHeader) {
    if (authorizationHeader == null || authorizationHeader.length() < 7
        || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = authorizationHeader.substring(7).strip();
    return token.isEmpty() ? null : token;
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
