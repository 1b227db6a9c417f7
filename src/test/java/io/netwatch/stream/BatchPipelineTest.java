package io.netwatch.stream;

import io.netwatch.config.Settings;
import io.netwatch.model.Addresses;
import io.netwatch.model.BusFailures;
import io.netwatch.redis.RedisLink;
import io.netwatch.redis.ScratchStream;
import io.netwatch.redis.StreamEntry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static io.netwatch.redis.ScratchStream.GROUP;
import static io.netwatch.redis.ScratchStream.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline against a real Redis stream, with stand-ins for {@code anomaly.score} (every packet an
 * anomaly, unless its src_ip is "refused"), {@code anomaly.store} (each test's own) and
 * {@code anomaly.detect} (records what it is asked; unavailable while {@link #detectFailures} lasts).
 */
@DisplayName("BatchPipeline: score, store, detect, dead-letter only what cannot be processed, ack after commit")
class BatchPipelineTest {
  static final String GOOD = "{\"src_ip\":\"10.1.1.1\",\"dst_ip\":\"10.2.2.2\",\"protocol\":\"UDP\"}";
  static final String BAD_ROW = "{\"src_ip\":\"bad-row\",\"dst_ip\":\"10.2.2.2\",\"protocol\":\"UDP\"}";
  static final String REFUSED = "{\"src_ip\":\"refused\",\"dst_ip\":\"10.2.2.2\",\"protocol\":\"UDP\"}";

  ScratchStream stream;
  RedisLink commands;
  Context context;
  final AtomicBoolean stopping = new AtomicBoolean();
  final List<JsonArray> storeRequests = new CopyOnWriteArrayList<>();
  final List<String> committed = new CopyOnWriteArrayList<>();
  final List<JsonArray> detectRequests = new CopyOnWriteArrayList<>();
  final java.util.concurrent.atomic.AtomicInteger detectFailures = new java.util.concurrent.atomic.AtomicInteger();
  BatchPipeline pipeline;

  @BeforeEach
  void setUp() {
    stream = new ScratchStream();
    stream.createGroup(GROUP, "0");
    commands = stream.link("pipeline test");
    context = stream.vertx.getOrCreateContext();
    pipeline = pipeline("on");
    stream.vertx.eventBus().<JsonObject>consumer(Addresses.SCORE, this::score);
    stream.vertx.eventBus().<JsonObject>consumer(Addresses.DETECT, message -> {
      detectRequests.add(message.body().getJsonArray("anomalies"));
      if (detectFailures.getAndDecrement() > 0) message.fail(BusFailures.UNAVAILABLE, "redis down");
      else message.reply(new JsonObject().put("alerts", 0));
    });
  }

  BatchPipeline pipeline(String detectors) {
    ConsumerSettings settings = ConsumerSettings.from(new Settings(Map.of(Settings.REDIS_STREAM_NAME, stream.name,
        Settings.DETECTORS, detectors)));
    return new BatchPipeline(stream.vertx.eventBus(), commands, new StreamRequests(stream.name, GROUP),
        new Retries(stream.vertx), settings, stopping::get);
  }

  @AfterEach
  void tearDown() {
    await(commands.close());
    stream.close();
  }

  @Test
  @DisplayName("a batch PostgreSQL rejects as data is split: the good rows are stored, only the bad one dead-lettered")
  void splitOnReject() {
    onStore(this::commitUnlessBadRow);
    List<StreamEntry> entries = deliver(GOOD, BAD_ROW, GOOD);

    await(process(entries));

    assertThat(committed).containsExactlyInAnyOrder(entries.get(0).id(), entries.get(2).id());
    assertDeadLetters(entries.get(1), "rejected by database", BAD_ROW);
    assertThat(stream.pending(GROUP)).isZero();
  }

  @Test
  @DisplayName("the entries stay pending until the store replies, and are acknowledged once it has")
  void acknowledgedAfterCommit() {
    Promise<Message<JsonObject>> storeAsked = Promise.promise();
    onStore(storeAsked::tryComplete);
    List<StreamEntry> entries = deliver(GOOD, GOOD);

    Future<Void> processed = process(entries);
    Message<JsonObject> store = await(storeAsked.future());
    assertThat(stream.pending(GROUP)).isEqualTo(2);

    store.reply(new JsonObject().put("stored", 2));
    await(processed);
    assertThat(stream.pending(GROUP)).isZero();
  }

  @Test
  @DisplayName("a stored batch is acknowledged only once detected; detection unavailable is retried, the store not repeated")
  void acknowledgedAfterDetection() {
    onStore(this::commitUnlessBadRow);
    detectFailures.set(2);
    List<StreamEntry> entries = deliver(GOOD, GOOD);

    await(process(entries));

    assertThat(storeRequests).hasSize(1);
    assertThat(detectRequests).hasSize(3).allSatisfy(rows -> assertThat(rows).hasSize(2));
    assertThat(stream.pending(GROUP)).isZero();
  }

  @Test
  @DisplayName("with DETECTORS off a batch is acknowledged once stored, without detection")
  void detectorsOff() {
    pipeline = pipeline("off");
    onStore(this::commitUnlessBadRow);
    List<StreamEntry> entries = deliver(GOOD);

    await(process(entries));

    assertThat(committed).containsExactly(entries.get(0).id());
    assertThat(detectRequests).isEmpty();
    assertThat(stream.pending(GROUP)).isZero();
  }

  @Test
  @DisplayName("a store retried after a refused packet does not score again: the refused one is dead-lettered once")
  void refusedDeadLetteredOnce() {
    onStore(unavailableTimes(2));
    List<StreamEntry> entries = deliver(REFUSED, GOOD);

    await(process(entries));

    assertThat(storeRequests).hasSize(3);
    assertThat(committed).containsExactly(entries.get(1).id());
    assertDeadLetters(entries.get(0), "rejected by scorer", REFUSED);
    assertThat(stream.pending(GROUP)).isZero();
  }

  @Test
  @DisplayName("while the store is unavailable the batch is retried with backoff until it commits")
  void retriedUntilCommitted() {
    onStore(unavailableTimes(2));
    List<StreamEntry> entries = deliver(GOOD);

    await(process(entries));

    assertThat(storeRequests).hasSize(3);
    assertThat(committed).containsExactly(entries.get(0).id());
    assertThat(stream.deadLetters().size()).isZero();
    assertThat(stream.pending(GROUP)).isZero();
  }

  @Test
  @DisplayName("while stopping, a batch gets a few retries, then stays pending for the next consumer")
  void givesUpWhileStopping() {
    stopping.set(true);
    onStore(message -> message.fail(BusFailures.UNAVAILABLE, "database down"));
    List<StreamEntry> entries = deliver(GOOD);

    Throwable failure = await(process(entries).transform(done -> Future.succeededFuture(done.cause())));

    assertThat(failure).isNotNull();
    assertThat(storeRequests).hasSize(1 + BatchPipeline.RETRIES_WHILE_STOPPING);
    assertThat(stream.pending(GROUP)).isEqualTo(1);
  }

  @Test
  @DisplayName("packets the scorer refuses and entries without a valid packet are dead-lettered, the rest stored")
  void refusedAndUndecodable() {
    onStore(this::commitUnlessBadRow);
    List<StreamEntry> entries = deliver(REFUSED, "{not json", GOOD);

    await(process(entries));

    assertThat(committed).containsExactly(entries.get(2).id());
    Response dead = stream.deadLetters();
    assertThat(dead.size()).isEqualTo(2);
    assertThat(dead.toString()).contains("rejected by scorer", entries.get(0).id())
        .contains("entry has no valid packet field", entries.get(1).id(), "{not json");
    assertThat(stream.pending(GROUP)).isZero();
  }

  @Test
  @DisplayName("entries delivered too often are dead-lettered with their error, then acknowledged")
  void deadLetterAll() {
    List<StreamEntry> entries = deliver(GOOD);

    await(onContext(() -> pipeline.deadLetterAll(entries, "delivered more than 5 times")));

    assertDeadLetters(entries.get(0), "delivered more than 5 times", GOOD);
    assertThat(stream.pending(GROUP)).isZero();
  }

  /** Adds the packets to the stream and delivers them to a consumer, so that they are pending. */
  private List<StreamEntry> deliver(String... packets) {
    for (String packet : packets) stream.add("packet", packet, "received_at", "1700000000000");
    return StreamEntry.fromReadReply(stream.read(GROUP, "test-consumer", packets.length));
  }

  private Future<Void> process(List<StreamEntry> entries) {
    return onContext(() -> pipeline.process(entries));
  }

  /** Runs the pipeline on an event loop, as the verticle does. */
  private Future<Void> onContext(Supplier<Future<Void>> work) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(done));
    return done.future();
  }

  private void score(Message<JsonObject> message) {
    JsonArray anomalies = new JsonArray();
    JsonArray rejected = new JsonArray();
    for (Object item : message.body().getJsonArray("packets")) {
      JsonObject packet = (JsonObject) item;
      if ("refused".equals(packet.getString("src_ip"))) {
        rejected.add(new JsonObject().put("stream_id", packet.getString("stream_id")).put("error", "bad src_ip"));
      } else {
        anomalies.add(packet);
      }
    }
    message.reply(new JsonObject().put("anomalies", anomalies).put("rejected", rejected));
  }

  private void onStore(Consumer<Message<JsonObject>> store) {
    stream.vertx.eventBus().<JsonObject>consumer(Addresses.STORE, message -> {
      storeRequests.add(message.body().getJsonArray("anomalies"));
      store.accept(message);
    });
  }

  /** Like PostgreSQL: one bad row fails the whole transaction. */
  /** A store that answers "unavailable" the first {@code times} times, then commits. */
  private Consumer<Message<JsonObject>> unavailableTimes(int times) {
    AtomicInteger failures = new AtomicInteger();
    return message -> {
      if (failures.incrementAndGet() <= times) {
        message.fail(BusFailures.UNAVAILABLE, "database down");
      } else {
        commitUnlessBadRow(message);
      }
    };
  }

  private void commitUnlessBadRow(Message<JsonObject> message) {
    JsonArray rows = message.body().getJsonArray("anomalies");
    if (rows.stream().anyMatch(row -> "bad-row".equals(((JsonObject) row).getString("src_ip")))) {
      message.fail(BusFailures.REJECTED_DATA, "invalid input syntax for type inet");
      return;
    }
    rows.forEach(row -> committed.add(((JsonObject) row).getString("stream_id")));
    message.reply(new JsonObject().put("stored", rows.size()));
  }

  private void assertDeadLetters(StreamEntry entry, String error, String packet) {
    Response dead = stream.deadLetters();
    assertThat(dead.size()).isEqualTo(1);
    Map<String, String> fields = fieldsOf(dead.get(0));
    assertThat(fields).containsEntry("stream_id", entry.id()).containsEntry("original.packet", packet)
        .containsEntry("original.received_at", "1700000000000");
    assertThat(fields.get("error")).contains(error);
  }

  private static Map<String, String> fieldsOf(Response entry) {
    Map<String, String> fields = new HashMap<>();
    Response kv = entry.get(1);
    for (int i = 0; i + 1 < kv.size(); i += 2) fields.put(kv.get(i).toString(), kv.get(i + 1).toString());
    return fields;
  }
}
