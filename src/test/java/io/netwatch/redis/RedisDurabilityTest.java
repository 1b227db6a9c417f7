package io.netwatch.redis;

import io.netwatch.redis.RedisDurability.Mode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RedisDurability: what Redis's CONFIG replies say about accepted packets")
class RedisDurabilityTest {
  static RedisDurability of(String appendonly, String appendfsync, String save) {
    Map<String, String> config = new HashMap<>();
    if (appendonly != null) config.put("appendonly", appendonly);
    if (appendfsync != null) config.put("appendfsync", appendfsync);
    if (save != null) config.put("save", save);
    return RedisDurability.fromConfig(config);
  }

  @Test
  @DisplayName("appendonly yes + everysec: AOF, at most about 1 s lost")
  void aofEverySecond() {
    RedisDurability d = of("yes", "everysec", "");
    assertThat(d.mode()).isEqualTo(Mode.AOF);
    assertThat(d.persists()).isEqualTo("yes");
    assertThat(d.guarantee()).contains("at most about 1 s");
    assertThat(d.describe()).containsEntry("persists", "yes").containsEntry("mode", "aof")
        .containsEntry("appendfsync", "everysec").doesNotContainKey("save");
  }

  @Test
  @DisplayName("appendfsync always: none lost; no: the OS decides")
  void aofAlwaysAndNo() {
    assertThat(of("yes", "always", "").guarantee()).startsWith("no accepted packet is lost");
    assertThat(of("yes", "no", "").guarantee()).contains("operating system");
  }

  @Test
  @DisplayName("AOF and RDB both on: AOF counts (a restart loads it); the snapshot rules are still reported")
  void aofWinsOverRdb() {
    RedisDurability d = of("YES", "everysec", "3600 1 300 100");
    assertThat(d.mode()).isEqualTo(Mode.AOF);
    assertThat(d.describe()).containsEntry("save", "3600 1 300 100");
  }

  @Test
  @DisplayName("RDB only: up to the snapshot interval lost")
  void rdbOnly() {
    RedisDurability d = of("no", "everysec", "3600 1 300 100 60 10000");
    assertThat(d.mode()).isEqualTo(Mode.RDB);
    assertThat(d.persists()).isEqualTo("yes");
    assertThat(d.guarantee()).contains("since the last RDB snapshot", "3600 1 300 100 60 10000");
    assertThat(d.describe()).doesNotContainKey("appendfsync");
  }

  @Test
  @DisplayName("appendonly no, save \"\": no persistence; alarming only in production")
  void none() {
    RedisDurability d = of("no", "everysec", "");
    assertThat(d.mode()).isEqualTo(Mode.NONE);
    assertThat(d.persists()).isEqualTo("no");
    assertThat(d.guarantee()).contains("lost when Redis stops");
    assertThat(d.alarming(true)).isTrue();
    assertThat(d.alarming(false)).isFalse();
    assertThat(of("yes", "everysec", "").alarming(true)).isFalse();
    assertThat(of("no", null, "900 1").alarming(true)).isFalse();
  }

  @Test
  @DisplayName("missing or unexpected values, and error answers, are unknown, never a guess")
  void unknown() {
    assertThat(of(null, null, null).mode()).isEqualTo(Mode.UNKNOWN);
    assertThat(of("no", null, null).mode()).isEqualTo(Mode.UNKNOWN);
    assertThat(of("yes", null, "").mode()).as("AOF without its fsync policy").isEqualTo(Mode.UNKNOWN);
    assertThat(of("maybe", "everysec", "").mode()).isEqualTo(Mode.UNKNOWN);
    RedisDurability refused = RedisDurability.unknown("CONFIG GET failed: ERR unknown command 'CONFIG'");
    assertThat(refused.persists()).isEqualTo("unknown");
    assertThat(refused.alarming(true)).isFalse();
    assertThat(refused.describe()).containsEntry("mode", "unknown")
        .containsEntry("reason", "CONFIG GET failed: ERR unknown command 'CONFIG'");
    assertThat(refused.guarantee()).contains("cannot tell");
  }
}
