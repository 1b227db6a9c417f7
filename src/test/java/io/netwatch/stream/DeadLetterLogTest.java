package io.netwatch.stream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream holding another program's entries: every one is dead-lettered (and acknowledged), and the consumer's
 * log says so in a few digest lines, not one WARN per entry.
 */
@DisplayName("Dead letters are logged as a digest: 5,000 foreign entries, a bounded number of lines")
class DeadLetterLogTest {
  static final int FOREIGN = 5_000;
  static final Pattern COUNT = Pattern.compile("^(\\d+) entr(?:y|ies) dead-lettered");

  @Platform
  PlatformUnderTest platform;
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  final Logger deadLetterLog = (Logger) LoggerFactory.getLogger(DeadLetterLog.class);

  @BeforeEach
  void captureLogs() {
    logs.start();
    deadLetterLog.addAppender(logs);
  }

  @AfterEach
  void stopCapturing() {
    deadLetterLog.detachAppender(logs);
  }

  @Test
  @DisplayName("every foreign entry is dead-lettered once, and the log counts them all in at most a few lines")
  void foreignEntries() {
    // Another program's layout: no "packet" field. Written in one call, so the consumer meets them in full batches.
    platform.redis(Request.cmd(Command.EVAL)
        .arg("for i = 1, tonumber(ARGV[1]) do redis.call('XADD', KEYS[1], '*', 'event', 'login', 'user', 'u' .. i) end")
        .arg(1).arg(platform.stream).arg(FOREIGN));
    platform.deployOnly(platform.config().put("detectors", "off"), "persistence", "scorer", "stream-consumer");

    within(Duration.ofSeconds(30), () -> {
      assertThat(platform.redis(Request.cmd(Command.XLEN).arg(platform.stream + ":dead")).toLong())
          .isEqualTo(FOREIGN);
      assertThat(platform.pendingCount()).isZero();
      // The digest lines together count every dead letter (the last waits up to DeadLetterLog.INTERVAL_MS).
      assertThat(lines().stream().mapToLong(DeadLetterLogTest::counted).sum()).isEqualTo(FOREIGN);
    });
    List<String> lines = lines();
    // The first entry at once, then at most one line per interval: the whole stream is read within a few.
    assertThat(lines).hasSizeBetween(2, 5);
    assertThat(lines).allSatisfy(line -> assertThat(line)
        .contains("× entry has no valid packet field (e.g. entry ")
        .endsWith("; moved to " + platform.stream + ":dead"));
  }

  List<String> lines() {
    return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  static long counted(String line) {
    Matcher m = COUNT.matcher(line);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
