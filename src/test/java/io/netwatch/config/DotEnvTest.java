package io.netwatch.config;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DotEnvTest {
  @Test
  @DisplayName("NAME=value lines, comments, export, quotes and trailing comments")
  void parses() {
    Map<String, String> vars = DotEnv.parse(List.of(
        "# the old system's settings",
        "",
        "DATABASE_URL=postgres://app:secret@db:5432/anomalies",
        "export REDIS_URL = redis://cache:6379 # the stream store",
        "INGESTION_TOKEN=\"a b # not a comment\"",
        "ADMIN_TOKEN='single'",
        "EMPTY="), ".env");
    assertThat(vars).containsExactly(
        Map.entry("DATABASE_URL", "postgres://app:secret@db:5432/anomalies"),
        Map.entry("REDIS_URL", "redis://cache:6379"),
        Map.entry("INGESTION_TOKEN", "a b # not a comment"),
        Map.entry("ADMIN_TOKEN", "single"),
        Map.entry("EMPTY", ""));
  }

  @Test
  @DisplayName("a line that is not a setting is refused with its file and line number, never its value")
  void refusesGarbage() {
    assertThatThrownBy(() -> DotEnv.parse(List.of("A=1", "just-a-secret-token"), ".env"))
        .hasMessage(".env line 2 is not NAME=value");
    assertThatThrownBy(() -> DotEnv.parse(List.of("A=\"open"), ".env")).hasMessage(".env line 1 has an unclosed quote");
    assertThatThrownBy(() -> DotEnv.parse(List.of("1A=x"), ".env")).hasMessageContaining("line 1");
  }

  @Test
  @DisplayName("real environment variables win over the file")
  void realEnvironmentWins() {
    Map<String, String> merged = DotEnv.overlay(Map.of("WEB_PORT", "3000", "REDIS_URL", "redis://file"),
        Map.of("REDIS_URL", "redis://real", "PATH", "/usr/bin"));
    assertThat(merged).containsEntry("WEB_PORT", "3000").containsEntry("REDIS_URL", "redis://real")
        .containsEntry("PATH", "/usr/bin");
  }
}
