package io.netwatch.ingest;

import io.netwatch.ingest.LoadShedding.Refusal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoadSheddingTest {
  static final long MAX = 1_000_000;

  @Test
  @DisplayName("over SHED_BACKLOG while the pipeline reads: shed, until the backlog is under half of it")
  void shedsWhileThePipelineIsBehind() {
    LoadShedding shedding = new LoadShedding(50_000);
    assertThat(shedding.decide(60_000, MAX, "1-0")).isNull(); // first reading: progress unknown yet
    assertThat(shedding.decide(70_000, MAX, "2-0")).isEqualTo(Refusal.PIPELINE_BEHIND);
    assertThat(shedding.decide(40_000, MAX, "3-0")).as("hysteresis").isEqualTo(Refusal.PIPELINE_BEHIND);
    assertThat(shedding.decide(24_000, MAX, "4-0")).isNull();
    assertThat(shedding.decide(49_000, MAX, "5-0")).isNull();
  }

  @Test
  @DisplayName("a stalled pipeline (nothing read) is buffered for up to STREAM_MAX_LEN, then refused")
  void stalledPipelineBuffers() {
    LoadShedding shedding = new LoadShedding(50_000);
    assertThat(shedding.decide(60_000, MAX, "7-0")).isNull();
    assertThat(shedding.decide(500_000, MAX, "7-0")).isNull();
    assertThat(shedding.decide(MAX + 1, MAX, "7-0")).isEqualTo(Refusal.STREAM_FULL);
    assertThat(shedding.decide(900_000, MAX, null)).isNull();
  }

  @Test
  @DisplayName("SHED_BACKLOG 0 switches early shedding off; STREAM_MAX_LEN still holds")
  void off() {
    LoadShedding shedding = new LoadShedding(0);
    assertThat(shedding.decide(10, MAX, "1-0")).isNull();
    assertThat(shedding.decide(999_999, MAX, "2-0")).isNull();
    assertThat(shedding.decide(MAX + 1, MAX, "3-0")).isEqualTo(Refusal.STREAM_FULL);
  }
}
