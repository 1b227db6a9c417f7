package io.netwatch.capture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure rules of delivery: what each answer means, how long to wait, how the spool keeps its bound. */
class DeliveryRulesTest {
  @Test
  void eachIngestAnswerHasItsAction() {
    assertThat(IngestAnswer.of(200, null, "{}").action()).isEqualTo(IngestAnswer.Action.ACCEPTED);
    assertThat(IngestAnswer.of(401, null, "{\"error\":\"bad token\"}").action()).isEqualTo(IngestAnswer.Action.TOKEN_REFUSED);
    for (int status : new int[] {400, 413, 415, 422}) {
      assertThat(IngestAnswer.of(status, null, "").action()).as("%d", status).isEqualTo(IngestAnswer.Action.REJECTED);
    }
    for (int status : new int[] {500, 502, 503, 408, 429}) {
      assertThat(IngestAnswer.of(status, null, "").action()).as("%d", status).isEqualTo(IngestAnswer.Action.RETRY);
    }
    assertThat(IngestAnswer.of(503, "7", "").retryAfterMs()).isEqualTo(7_000);
    assertThat(IngestAnswer.of(503, "Wed, 21 Oct 2015 07:28:00 GMT", "").retryAfterMs()).isEqualTo(-1);
    assertThat(IngestAnswer.of(503, "99999", "").retryAfterMs()).as("capped").isEqualTo(300_000);
    assertThat(IngestAnswer.of(400, null, "x".repeat(500)).detail()).hasSizeLessThan(220);
  }

  @Test
  void aPartial503NamesThePacketsToSendAgainAndAnythingElseMeansTheWholeBatch() {
    IngestAnswer partial = IngestAnswer.of(503, "1", "{\"error\":\"2 of 4 packets stored\",\"accepted\":2,"
        + "\"ids\":[\"1-0\",null,\"1-1\",null],\"retry\":[1,3]}");
    assertThat(partial.action()).isEqualTo(IngestAnswer.Action.RETRY);
    assertThat(partial.retryAfterMs()).isEqualTo(1_000);
    assertThat(partial.retry()).containsExactly(1, 3);
    assertThat(IngestAnswer.of(503, "1", "{\"error\":\"the stream store is unavailable\"}").retry()).isNull();
    for (String body : new String[] {"", "not json \"retry\"", "[\"retry\"]", "{\"retry\":[]}", "{\"retry\":\"1\"}",
        "{\"retry\":[2,1]}", "{\"retry\":[1,1]}", "{\"retry\":[-1]}", "{\"retry\":[1.5]}", "{\"retry\":[\"1\"]}",
        "{\"retry\":[99999999999]}"}) {
      assertThat(IngestAnswer.of(503, "1", body).retry()).as(body).isNull();
    }
    assertThat(IngestAnswer.of(500, null, "{\"retry\":[1]}").retry()).as("only a 503 narrows").isNull();
    assertThat(IngestAnswer.of(200, null, "{\"accepted\":4}").retry()).isNull();
  }

  @Test
  void backoffDoublesWithJitterUpToItsCeilingAndHonoursRetryAfter() {
    RetryDelays delays = new RetryDelays(new SplittableRandom(1));
    for (int failures = 1; failures <= 12; failures++) {
      long ceiling = Math.min(RetryDelays.MAX_MS, RetryDelays.FIRST_MS << (failures - 1));
      for (int i = 0; i < 50; i++) assertThat(delays.delayMs(failures, -1)).isBetween(ceiling / 2, ceiling);
    }
    assertThat(delays.delayMs(1, 5_000)).isEqualTo(5_000);
    assertThat(delays.delayMs(40, -1)).isLessThanOrEqualTo(RetryDelays.MAX_MS);
  }

  @Test
  void aFullSpoolDropsItsOldestBatchesCountsThemAndSaysSo(@TempDir Path dir) throws Exception {
    List<String> warnings = new ArrayList<>();
    Spool spool = new Spool(dir, 2500, warnings::add);
    for (int i = 0; i < 5; i++) spool.append(new Batch(i, 10, new byte[1000], false));
    assertThat(spool.batches()).isEqualTo(2);
    assertThat(spool.droppedPackets()).isEqualTo(30);
    assertThat(warnings).hasSize(3).allMatch(w -> w.startsWith("SPOOL FULL"));
    assertThat(spool.oldest().sequence()).isEqualTo(3);
  }

  @Test
  void theBatchBeingSentIsNeverDroppedAndTheSpoolSurvivesARestartInOrder(@TempDir Path dir) throws Exception {
    Spool spool = new Spool(dir, 2500, w -> { });
    spool.append(new Batch(7, 1, new byte[1000], true));
    assertThat(spool.oldest().sequence()).isEqualTo(7); // now in flight
    spool.append(new Batch(8, 1, new byte[1000], true));
    spool.append(new Batch(9, 1, new byte[1000], true));
    Spool reopened = new Spool(dir, 2500, w -> { });
    assertThat(reopened.nextSequence()).isEqualTo(10);
    assertThat(reopened.oldest()).satisfies(b -> {
      assertThat(b.sequence()).isEqualTo(7);
      assertThat(b.gzip()).isTrue();
    });
    reopened.remove(7);
    assertThat(reopened.oldest().sequence()).isEqualTo(9);
    Files.writeString(dir.resolve("00000000000000000011-5.json.partial"), "half written");
    assertThat(new Spool(dir, 2500, w -> { }).batches()).as("a partial file is ignored").isEqualTo(1);
  }

  @Test
  void gzipRoundTripsAndALingeringBatchLeavesInOrder() {
    List<Batch> out = new ArrayList<>();
    Batcher batcher = new Batcher(2, new TelemetryJson("s"), true, 5, out::add);
    Telemetry t = new Telemetry("1.1.1.1", "2.2.2.2", "UDP", 1, 2, 0, 64, 0, "", 0, 1_700_000_000_000_000L);
    batcher.add(t);
    batcher.add(t);
    batcher.add(t);
    assertThat(batcher.flushIfOlderThan(0, out::add)).isTrue();
    assertThat(out).extracting(Batch::sequence, Batch::packets)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(5L, 2), org.assertj.core.groups.Tuple.tuple(6L, 1));
    assertThat(new String(Batcher.uncompressed(out.get(1)).body())).startsWith("[{\"src_ip\":\"1.1.1.1\"");
  }
}
