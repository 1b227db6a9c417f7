package io.netwatch.dashboard;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A viewer's session, held by the browser as a signed value: {@code v1.<expiry>.<id>.<mac>}, where the MAC
 * is an HMAC-SHA256 under a key derived from VIEWER_TOKEN. Nothing is stored per session, so a session
 * outlives a restart or redeploy of the dashboard (the page reconnects without a new login) and is good
 * on every dashboard node with the same VIEWER_TOKEN; changing VIEWER_TOKEN ends every session. A logged-out
 * session's id is remembered until it would have expired ({@link #revoke}). Pure: the clock is passed in.
 */
public final class SessionCookie {
  public static final String NAME = "netwatch_session";
  private static final String VERSION = "v1";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final int MAX_VALUE_LENGTH = 200;

  private final byte[] key;
  private final long lifetimeMs;
  private final SecureRandom random = new SecureRandom();
  /** Logged-out session ids, with the time they expire anyway. */
  private final Map<String, Long> revoked;

  /**
   * @param revoked where logged-out sessions are remembered: shared by the dashboard instances of the JVM
   */
  public SessionCookie(String viewerToken, long lifetimeMs, Map<String, Long> revoked) {
    this.key = hmac(viewerToken.getBytes(StandardCharsets.UTF_8), "netwatch viewer session key v1");
    this.lifetimeMs = lifetimeMs;
    this.revoked = revoked;
  }

  public SessionCookie(String viewerToken, long lifetimeMs) {
    this(viewerToken, lifetimeMs, new ConcurrentHashMap<>());
  }

  public long lifetimeMs() {
    return lifetimeMs;
  }

  /** A new session's value, valid until {@code nowMs + lifetime}. */
  public String issue(long nowMs) {
    byte[] id = new byte[16];
    random.nextBytes(id);
    String payload = VERSION + "." + (nowMs + lifetimeMs) + "." + ENCODER.encodeToString(id);
    return payload + "." + ENCODER.encodeToString(hmac(key, payload));
  }

  /** True for a value this key signed, not expired at {@code nowMs}, not logged out. Never throws. */
  public boolean valid(String value, long nowMs) {
    Parsed parsed = parse(value);
    return parsed != null && parsed.expiresAt > nowMs && !revoked.containsKey(parsed.id);
  }

  /** Logs the session out (a value that is not a valid session is ignored); forgets expired ones. */
  public void revoke(String value, long nowMs) {
    List<String> expired = new ArrayList<>();
    revoked.forEach((id, expiresAt) -> {
      if (expiresAt <= nowMs) expired.add(id);
    });
    expired.forEach(revoked::remove);
    Parsed parsed = parse(value);
    if (parsed != null && parsed.expiresAt > nowMs) revoked.put(parsed.id, parsed.expiresAt);
  }

  private Parsed parse(String value) {
    if (value == null || value.length() > MAX_VALUE_LENGTH) return null;
    int mac = value.lastIndexOf('.');
    if (mac < 0) return null;
    String payload = value.substring(0, mac);
    // The canonical encoding compared in constant time: no second spelling of a signature is accepted.
    byte[] expected = ENCODER.encodeToString(hmac(key, payload)).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, value.substring(mac + 1).getBytes(StandardCharsets.UTF_8))) return null;
    String[] parts = payload.split("\\.");
    if (parts.length != 3 || !VERSION.equals(parts[0])) return null;
    try {
      return new Parsed(Long.parseLong(parts[1]), parts[2]);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private record Parsed(long expiresAt, String id) {
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
    }
  }

  @Override
  public String toString() {
    return "SessionCookie[redacted]";
  }
}
