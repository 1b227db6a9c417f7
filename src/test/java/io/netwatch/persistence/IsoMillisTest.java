package io.netwatch.persistence;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class IsoMillisTest {
  @Test
  @DisplayName("formats like Instant.toString: whole seconds without a fraction, minutes crossed, before 1970 too")
  void likeInstant() {
    IsoMillis iso = new IsoMillis();
    long[] edges = {0, 1, 999, 1000, 59_999, 60_000, -1, -60_000, -60_001, 1_764_184_660_000L, 1_764_184_660_010L,
        1_764_184_719_999L, 253_402_300_799_999L, 253_402_300_800_000L, -62_167_219_200_001L};
    for (long ms : edges) assertThat(iso.format(ms)).as("%d", ms).isEqualTo(Instant.ofEpochMilli(ms).toString());
    Random random = new Random(7);
    long at = 1_764_184_660_000L;
    for (int i = 0; i < 100_000; i++) {
      at += random.nextInt(3) == 0 ? random.nextInt(200_000) : random.nextInt(5); // runs within a minute, and jumps
      assertThat(iso.format(at)).isEqualTo(Instant.ofEpochMilli(at).toString());
    }
  }
}
