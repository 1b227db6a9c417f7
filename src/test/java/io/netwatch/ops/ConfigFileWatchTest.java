package io.netwatch.ops;

import io.netwatch.PlatformVerticle;
import io.netwatch.config.Settings;
import io.netwatch.config.StandardVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The last test runs the platform with a scorer and a verticle of the operator's own: no Redis, no PostgreSQL. */
@DisplayName("ConfigFileWatch: each change of the config file handed over, one at a time; the platform applies it")
class ConfigFileWatchTest {
  static final long WAIT_SECONDS = 5 * ConfigFileWatch.SCAN_PERIOD_MS / 1000;

  Vertx vertx;
  Path file;
  final BlockingQueue<JsonObject> changes = new LinkedBlockingQueue<>();

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    file = Files.createTempFile("netwatch-watch-", ".json");
    Files.writeString(file, new JsonObject().put("a", 1).encode());
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    Files.deleteIfExists(file);
  }

  /** Started as the launcher would: the file's content plus the keys the launcher added. */
  void watch(Function<JsonObject, Future<?>> onChange) throws Exception {
    JsonObject startConfig = new JsonObject().put("a", 1).put("config_file", file.toString())
        .put("redis_url", "redis://embedded:1");
    ConfigFileWatch.start(vertx, file.toString(), startConfig, onChange).await(10, TimeUnit.SECONDS);
  }

  Future<?> record(JsonObject config) {
    changes.add(config);
    return Future.succeededFuture();
  }

  /** The next change handed over (or, in the platform's test, the next start of the probe). */
  JsonObject nextChange() throws InterruptedException {
    JsonObject change = changes.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(change).as("an event within " + WAIT_SECONDS + " s").isNotNull();
    return change;
  }

  @Test
  @DisplayName("the new content keeps the keys the launcher added, unless the file now sets them")
  void keepsLauncherKeys() throws Exception {
    watch(this::record);
    Files.writeString(file, new JsonObject().put("a", 2).encode());
    assertThat(nextChange()).isEqualTo(new JsonObject().put("a", 2).put("config_file", file.toString())
        .put("redis_url", "redis://embedded:1"));

    Files.writeString(file, new JsonObject().put("a", 3).put("redis_url", "redis://file:2").encode());
    assertThat(nextChange()).isEqualTo(new JsonObject().put("a", 3).put("config_file", file.toString())
        .put("redis_url", "redis://file:2"));
  }

  @Test
  @DisplayName("a file that does not parse is skipped and the watch goes on")
  void skipsInvalidContent() throws Exception {
    watch(this::record);
    Files.writeString(file, "{ not json");
    Files.writeString(file, new JsonObject().put("a", 2).encode());
    assertThat(nextChange().getInteger("a")).isEqualTo(2);
    assertThat(changes).isEmpty();
  }

  @Test
  @DisplayName("a change the handler fails on (a plan refused) does not stop the watch")
  void goesOnAfterFailure() throws Exception {
    watch(config -> {
      changes.add(config);
      if (config.getInteger("a") == 2) throw new IllegalArgumentException("refused");
      return Future.failedFuture("refused too");
    });
    Files.writeString(file, new JsonObject().put("a", 2).encode());
    assertThat(nextChange().getInteger("a")).isEqualTo(2);
    Files.writeString(file, new JsonObject().put("a", 3).encode());
    assertThat(nextChange().getInteger("a")).isEqualTo(3);
    Files.writeString(file, new JsonObject().put("a", 4).encode());
    assertThat(nextChange().getInteger("a")).isEqualTo(4);
  }

  @Test
  @DisplayName("a change made while the previous one is being applied waits for it")
  void oneAtATime() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AtomicBoolean firstApplied = new AtomicBoolean();
    watch(config -> {
      changes.add(config.copy().put("first_applied", firstApplied.get()));
      if (calls.incrementAndGet() > 1) return Future.succeededFuture();
      // Long enough for the watch to see the next change while this one is still being applied.
      return vertx.fileSystem().writeFile(file.toString(), new JsonObject().put("a", 3).toBuffer())
          .compose(v -> vertx.timer(2 * ConfigFileWatch.SCAN_PERIOD_MS + 500))
          .onSuccess(v -> firstApplied.set(true));
    });
    Files.writeString(file, new JsonObject().put("a", 2).encode());
    assertThat(nextChange().getInteger("a")).isEqualTo(2);
    JsonObject second = nextChange();
    assertThat(second.getInteger("a")).isEqualTo(3);
    assertThat(second.getBoolean("first_applied")).isTrue();
  }

  static JsonObject platformConfig(int batchSize, int maxPayloadHex) {
    return new JsonObject().put(Settings.THREAD_COUNT, 1).put(Settings.BATCH_SIZE, batchSize)
        .put(Settings.MAX_PAYLOAD_HEX, maxPayloadHex)
        .put("verticles", new JsonArray()
            .add(new JsonObject(StandardVerticle.SCORER.entry()))
            .add(new JsonObject().put("name", "probe").put("class", ProbeVerticle.class.getName())));
  }

  @Test
  @DisplayName("the platform: a setting only the probe reads leaves the scorer alone; one the scorer reads redeploys both")
  void platformRedeploysWhatChanged() throws Exception {
    vertx.eventBus().<JsonObject>consumer(ProbeVerticle.STARTED, message -> changes.add(message.body()))
        .completion().await(10, TimeUnit.SECONDS);
    Files.writeString(file, platformConfig(500, 1000).encode());
    String platform = vertx.deployVerticle(new PlatformVerticle(Map.of()), new DeploymentOptions()
        .setConfig(platformConfig(500, 1000).put(PlatformVerticle.CONFIG_FILE, file.toString())))
        .await(30, TimeUnit.SECONDS);
    String probe = nextChange().getString("id");
    Set<String> scorer = new HashSet<>(vertx.deploymentIDs());
    scorer.removeAll(Set.of(platform, probe));
    assertThat(scorer).hasSize(1);

    Files.writeString(file, platformConfig(100, 1000).encode());
    assertThat(nextChange().getJsonObject("config").getInteger(Settings.BATCH_SIZE)).isEqualTo(100);
    assertThat(vertx.deploymentIDs()).containsAll(scorer);

    Files.writeString(file, platformConfig(100, 2000).encode());
    assertThat(nextChange().getJsonObject("config").getInteger(Settings.MAX_PAYLOAD_HEX)).isEqualTo(2000);
    // The old scorer is undeployed before the probe is redeployed (plan order).
    assertThat(vertx.deploymentIDs()).doesNotContainAnyElementsOf(scorer).contains(platform);
  }
}
