package io.netwatch.model;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Severity: buckets of a score")
class SeverityTest {
  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "0, low", "0.2499, low", "0.25, medium", "0.4999, medium", "0.5, high", "0.7499, high",
      "0.75, critical", "1.0, critical"})
  void buckets(double score, String label) {
    assertThat(Severity.of(score).label()).isEqualTo(label);
  }

  @Test
  @DisplayName("labels parse back; anything else is null")
  void labels() {
    for (Severity s : Severity.values()) assertThat(Severity.fromLabel(s.label())).isEqualTo(s);
    assertThat(Severity.fromLabel("CRITICAL")).isNull();
    assertThat(Severity.fromLabel("severe")).isNull();
    assertThat(Severity.fromLabel(null)).isNull();
  }
}
