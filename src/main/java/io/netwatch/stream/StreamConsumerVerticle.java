package io.netwatch.stream;

import io.netwatch.config.Settings;
import io.netwatch.redis.RedisConfig;
import io.netwatch.redis.RedisMode;
import io.netwatch.redis.StreamShards;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.shareddata.Counter;
import io.vertx.redis.client.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Consumes the Redis Stream as one consumer of the group: one {@link ShardConsumer} per shard of STREAM_SHARDS
 * (one XREADGROUP per shard, each shard with its own claims, trims, dead letters and MAX_IN_FLIGHT), all under
 * the same consumer name. Every analyzer reads every shard; the group shares each shard's entries among them.
 */
public final class StreamConsumerVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(StreamConsumerVerticle.class);

  private final List<ShardConsumer> shards = new ArrayList<>();

  @Override
  public Future<?> start() {
    Settings config = new Settings(config().getMap());
    ConsumerSettings settings = ConsumerSettings.from(config);
    StreamShards streams = new StreamShards(settings.stream(), config.integer(Settings.STREAM_SHARDS));
    RedisMode mode = RedisMode.parse(config.string(Settings.REDIS_MODE));
    Supplier<Redis> clients = () -> Redis.createClient(vertx, RedisConfig.options(config));
    return nameThisConsumer(settings).compose(name -> {
      if (streams.count() > 1) log.info("consumer {} reading {} shards of {}", name, streams.count(), streams.stream());
      List<Future<Void>> started = new ArrayList<>();
      for (int i = 0; i < streams.count(); i++) {
        ConsumerSettings shardSettings = settings.forShard(streams.key(i), StreamRequests.shardTag(i, streams.count()));
        ShardConsumer shard = new ShardConsumer(vertx, shardSettings, name, clients, mode);
        shards.add(shard);
        started.add(shard.start());
      }
      return Future.all(started);
    });
  }

  @Override
  public Future<?> stop() {
    return Future.join(shards.stream().map(ShardConsumer::stop).toList());
  }

  /** CONSUMER_NAME if set, else the host name; plus this instance's index: stable across restarts. */
  private Future<String> nameThisConsumer(ConsumerSettings settings) {
    String configured = settings.consumerName();
    Future<String> base = configured != null && !configured.isBlank()
        ? Future.succeededFuture(configured)
        : vertx.executeBlocking(StreamConsumerVerticle::hostName);
    return base.compose(name -> vertx.sharedData().getLocalCounter("consumer-index:" + deploymentID() + ":" + name)
        .compose(Counter::getAndIncrement)
        .map(index -> name + "-" + index));
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) return env;
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "analyzer";
    }
  }
}
