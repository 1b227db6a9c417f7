package io.netwatch.stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("TrimPoint: the lowest stream id some group still needs")
class TrimPointTest {
  @Test
  @DisplayName("a group's oldest pending entry wins over its read position; the lowest group wins")
  void minimum() {
    assertThat(TrimPoint.minimumToKeep(List.of(new TrimPoint.GroupProgress("5-3", "9-0")))).isEqualTo("5-3");
    assertThat(TrimPoint.minimumToKeep(List.of(new TrimPoint.GroupProgress(null, "9-0")))).isEqualTo("9-1");
    assertThat(TrimPoint.minimumToKeep(List.of(
        new TrimPoint.GroupProgress(null, "10-0"), new TrimPoint.GroupProgress(null, "9-5")))).isEqualTo("9-6");
    assertThat(TrimPoint.minimumToKeep(List.of(new TrimPoint.GroupProgress(null, "0-0")))).isEqualTo("0-1");
    assertThat(TrimPoint.minimumToKeep(List.of())).isNull();
  }

  @Test
  @DisplayName("ids compare as numbers, not text")
  void numericOrder() {
    assertThat(TrimPoint.compare("10-0", "9-5")).isPositive();
    assertThat(TrimPoint.compare("9-10", "9-9")).isPositive();
    assertThat(TrimPoint.compare("7-1", "7-1")).isZero();
    assertThat(TrimPoint.next("5-3")).isEqualTo("5-4");
  }
}
