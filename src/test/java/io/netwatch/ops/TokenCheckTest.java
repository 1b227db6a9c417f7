package io.netwatch.ops;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("TokenCheck and Redaction: secrets compared in constant time and never shown")
class TokenCheckTest {
  final TokenCheck check = new TokenCheck("s3cret-token");

  @Test
  @DisplayName("only the exact token matches")
  void matches() {
    assertThat(check.matches("s3cret-token")).isTrue();
    for (String other : new String[] {"s3cret-toke", "s3cret-token!", "S3CRET-TOKEN", "", null}) {
      assertThat(check.matches(other)).as(String.valueOf(other)).isFalse();
    }
  }

  @Test
  @DisplayName("Bearer scheme, case-insensitive; anything else is refused")
  void bearer() {
    assertThat(check.matchesBearer("Bearer s3cret-token")).isTrue();
    assertThat(check.matchesBearer("bearer s3cret-token")).isTrue();
    assertThat(check.matchesBearer("s3cret-token")).isFalse();
    assertThat(check.matchesBearer("Basic s3cret-token")).isFalse();
    assertThat(check.matchesBearer("Bearer ")).isFalse();
    assertThat(check.matchesBearer(null)).isFalse();
  }

  @Test
  @DisplayName("the token never shows in toString or a redacted config")
  void neverShown() {
    assertThat(check.toString()).doesNotContain("s3cret");
    Map<String, Object> redacted = Redaction.redact(Map.of(
        "ingestion_token", "s3cret-token", "database_url", "postgresql://app:pa55word@db:5432/x",
        "redis_url", "redis://127.0.0.1:6379", "scoring", Map.of("api_secret", "x")));
    assertThat(redacted.toString()).doesNotContain("s3cret", "pa55word").contains("redis://127.0.0.1:6379");
    assertThat(redacted.get("database_url")).isEqualTo("postgresql://app:<redacted>@db:5432/x");
  }
}
