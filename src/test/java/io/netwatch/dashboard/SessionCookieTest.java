package io.netwatch.dashboard;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("SessionCookie: signed with a key from VIEWER_TOKEN, expiring, revocable, never throwing")
class SessionCookieTest {
  static final long HOUR = 3_600_000;
  static final long NOW = 1_800_000_000_000L;

  @Test
  @DisplayName("a value it issued is valid until it expires; each value is different; the token is not in it")
  void issueAndExpire() {
    SessionCookie sessions = new SessionCookie("viewer-secret", 12 * HOUR);
    String value = sessions.issue(NOW);
    assertThat(value).doesNotContain("viewer-secret").startsWith("v1.");
    assertThat(sessions.valid(value, NOW)).isTrue();
    assertThat(sessions.valid(value, NOW + 12 * HOUR - 1)).isTrue();
    assertThat(sessions.valid(value, NOW + 12 * HOUR)).isFalse();
    assertThat(sessions.issue(NOW)).isNotEqualTo(value);
  }

  @Test
  @DisplayName("good across instances with the same token (restarts, other nodes); worthless under another token")
  void keyFromToken() {
    String value = new SessionCookie("viewer-secret", HOUR).issue(NOW);
    assertThat(new SessionCookie("viewer-secret", HOUR).valid(value, NOW)).isTrue();
    assertThat(new SessionCookie("another-secret", HOUR).valid(value, NOW)).isFalse();
  }

  @Test
  @DisplayName("a changed expiry, id or signature, and any garbage, is refused without an exception")
  void tampering() {
    SessionCookie sessions = new SessionCookie("viewer-secret", HOUR);
    String value = sessions.issue(NOW);
    String[] parts = value.split("\\.");
    List<String> forged = List.of(
        "v1." + (NOW + 100 * HOUR) + "." + parts[2] + "." + parts[3],
        parts[0] + "." + parts[1] + ".AAAAAAAAAAAAAAAAAAAAAA." + parts[3],
        value.substring(0, value.length() - 2) + "xx",
        "v2." + parts[1] + "." + parts[2] + "." + parts[3],
        "", ".", "....", "v1.x.y.z", "v1.1.2", value + ".", value + "=", "%%%", "a".repeat(10_000),
        "v1." + Long.MAX_VALUE + ".id.!!!");
    for (String candidate : forged) assertThat(sessions.valid(candidate, NOW)).as(candidate).isFalse();
    assertThat(sessions.valid(null, NOW)).isFalse();
  }

  @Test
  @DisplayName("logout revokes that session only, in every instance sharing the map, until it would have expired")
  void revoke() {
    Map<String, Long> revoked = new ConcurrentHashMap<>();
    SessionCookie sessions = new SessionCookie("viewer-secret", HOUR, revoked);
    SessionCookie sameJvm = new SessionCookie("viewer-secret", HOUR, revoked);
    String out = sessions.issue(NOW);
    String in = sessions.issue(NOW);
    sessions.revoke(out, NOW + 1);
    assertThat(sessions.valid(out, NOW + 2)).isFalse();
    assertThat(sameJvm.valid(out, NOW + 2)).isFalse();
    assertThat(sessions.valid(in, NOW + 2)).isTrue();
    sessions.revoke("garbage", NOW);
    assertThat(revoked).hasSize(1);
    // Expired entries are forgotten at the next logout.
    sessions.revoke(sessions.issue(NOW + 2 * HOUR), NOW + 2 * HOUR);
    assertThat(revoked).hasSize(1);
  }
}
