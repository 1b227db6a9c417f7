package io.netwatch.scoring;

import io.netwatch.ops.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.Counter;
import io.netwatch.model.PlainJson;
import io.netwatch.model.InvalidPacketException;
import io.netwatch.model.PacketValidator;
import io.netwatch.config.Settings;
import io.netwatch.model.Addresses;
import io.netwatch.model.Anomaly;
import io.netwatch.model.AnomalyBatch;
import io.netwatch.model.Messages;
import io.netwatch.model.SharedJson;
import io.netwatch.model.Packet;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Worker verticle answering {@code anomaly.score}: {"packets": [...]} to {"anomalies": [...], "rejected": [...]}
 * (an {@link AnomalyBatch}: that JSON on another node, the typed batch in this JVM).
 * Each packet carries its stream_id and received_at; a packet that breaks the contract is returned in
 * "rejected" with the reason instead of failing the batch. Rules come from the "scoring" config object.
 */
public final class ScorerVerticle extends VerticleBase {
  private PacketScorer scorer;
  private PacketValidator validator;
  private MessageConsumer<JsonObject> consumer;
  private final Timer latency = Metrics.timer("netwatch.scoring.latency");
  private final Counter scored = Metrics.counter("netwatch.scoring.packets");

  @Override
  public Future<?> start() {
    ScoringRules rules;
    try {
      rules = ScoringRules.fromConfig(PlainJson.map(config().getJsonObject("scoring", new JsonObject())));
    } catch (IllegalArgumentException | ClassCastException e) {
      return Future.failedFuture(new IllegalArgumentException("invalid scoring config: " + e.getMessage(), e));
    }
    scorer = new PacketScorer(rules);
    validator = new PacketValidator(new Settings(config().getMap()).integer(Settings.MAX_PAYLOAD_HEX));
    SharedJson.register(vertx.eventBus());
    consumer = vertx.eventBus().consumer(Addresses.SCORE, this::score);
    return consumer.completion();
  }

  private void score(Message<JsonObject> message) {
    long start = System.nanoTime();
    JsonArray packets = message.body().getJsonArray("packets", new JsonArray());
    List<Anomaly> anomalies = new ArrayList<>(packets.size());
    JsonArray rejected = new JsonArray();
    for (int i = 0; i < packets.size(); i++) {
      Object element = packets.getValue(i);
      if (!(element instanceof JsonObject json)) {
        rejected.add(new JsonObject().put("index", i).put("error", "packet is not a JSON object"));
        continue;
      }
      String streamId = json.getString(Messages.STREAM_ID);
      try {
        Packet packet = validator.validate(json.getMap());
        long receivedAt = json.getLong(Messages.RECEIVED_AT, System.currentTimeMillis());
        anomalies.add(scorer.score(streamId, packet, receivedAt));
      } catch (InvalidPacketException | ClassCastException e) {
        rejected.add(new JsonObject().put("index", i).put(Messages.STREAM_ID, streamId).put("error", e.getMessage()));
      }
    }
    message.reply(new AnomalyBatch(anomalies, rejected), SharedJson.options());
    scored.increment(anomalies.size());
    latency.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
  }
}
