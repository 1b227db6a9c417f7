package io.netwatch.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.netwatch.config.Settings;
import io.netwatch.ingest.IngestBodyParser.IngestBody;
import io.netwatch.model.InvalidPacketException;
import io.netwatch.model.Packet;
import io.netwatch.model.PacketValidator;
import io.netwatch.ops.Metrics;
import io.netwatch.redis.BacklogMonitor;
import io.netwatch.redis.RedisConfig;
import io.netwatch.sensors.Sensor;
import io.netwatch.sensors.SensorAttribution;
import io.netwatch.sensors.SensorGate;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.netwatch.ingest.IngestReplies.error;
import static io.netwatch.ingest.IngestReplies.send;

/**
 * The ingest route, {@code POST INGESTION_PATH}, as one request handler: authenticates the bearer token,
 * validates every packet, and appends them to the Redis Stream over its own pipelined connection. Answers
 * 503 with Retry-After while Redis is unreachable, the stream backlog is over STREAM_MAX_LEN, or the pipeline
 * is over SHED_BACKLOG behind ({@link LoadShedding}). The ingest port's server calls it for every request (the hot path, no router); the web port's router calls it for
 * the same path, as the old system's single port did. Create and close it on the event loop that calls it.
 */
public final class IngestHandler implements Handler<HttpServerRequest> {
  private static final Logger log = LoggerFactory.getLogger(IngestHandler.class);
  private static final long BACKLOG_CHECK_MS = 500;

  private final Vertx vertx;
  private final String stream;
  private final String ingestionPath;
  private final long redisTimeoutMs;
  /** The sensor registry's token check, quotas and health ({@code sensors/}). */
  private final SensorGate sensors;
  private final IngestBodyParser parser;
  private final BodyReader bodies;
  private final int maxBodyBytes;
  private final Redis redis;
  private final PacketAppender appender;
  private final BacklogMonitor backlog;
  private final long backlogTimer;
  private final LoadShedding shedding;
  private final long shedHoldMs;
  /** Why sensors are turned away for the backlog right now, or null. */
  private LoadShedding.Refusal refusal;
  private final Counter acceptedPackets = Metrics.counter("netwatch.ingest.packets");
  private final Timer latency = Metrics.timer("netwatch.ingest.latency");
  /** Answers by status code: a handful of codes, looked up without building a meter id per request. */
  private final Map<Integer, Counter> answers = new HashMap<>();

  /** Reads the ingest settings, connects to Redis and starts watching the backlog. */
  public IngestHandler(Vertx vertx, Settings settings) {
    this.vertx = vertx;
    stream = settings.string(Settings.REDIS_STREAM_NAME);
    ingestionPath = settings.string(Settings.INGESTION_PATH);
    redisTimeoutMs = settings.integer(Settings.REDIS_TIMEOUT_MS);
    sensors = new SensorGate(vertx, settings);
    parser = new IngestBodyParser(new PacketValidator(settings.integer(Settings.MAX_PAYLOAD_HEX),
        settings.integer(Settings.MAX_CLOCK_SKEW_S), System::currentTimeMillis));
    maxBodyBytes = settings.integer(Settings.MAX_BODY_BYTES);
    bodies = new BodyReader(maxBodyBytes);
    // A pooled client for the backlog checks, and the pipelined links that carry the XADDs.
    redis = Redis.createClient(vertx, RedisConfig.options(settings));
    appender = PacketAppender.open(vertx, settings, redisTimeoutMs);
    backlog = new BacklogMonitor(redis, settings);
    shedding = new LoadShedding(settings.integer(Settings.SHED_BACKLOG));
    shedHoldMs = settings.integer(Settings.SHED_HOLD_MS);
    backlogTimer = vertx.setPeriodic(BACKLOG_CHECK_MS, id -> checkBacklog());
  }

  /** The path it answers: requests for any other path get 404. */
  public String path() {
    return ingestionPath;
  }

  public Future<Void> close() {
    vertx.cancelTimer(backlogTimer);
    return appender.close().eventually(redis::close).eventually(sensors::close);
  }

  /** Nothing of the body is read before the token. */
  @Override
  public void handle(HttpServerRequest request) {
    long start = System.nanoTime();
    HttpServerResponse response = request.response();
    Sensor sensor = sensors.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION));
    response.endHandler(v -> count(sensor, response.getStatusCode(), start));
    String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
    BodyFormat.Encoding encoding = BodyFormat.encoding(request.getHeader(HttpHeaders.CONTENT_ENCODING));
    if (turnedAway(request, response, contentType, encoding, sensor)) return;
    sensors.userAgent(sensor, request.getHeader(HttpHeaders.USER_AGENT));
    bodies.read(request, (body, length) -> {
      if (encoding == BodyFormat.Encoding.GZIP) {
        inflateThenIngest(body, length, contentType, response, sensor);
      } else {
        ingest(body, length, contentType, response, sensor);
      }
    });
  }

  /**
   * Answers what is refused before the body: another route or method, a bad token, quota, encoding or type, a full
   * backlog.
   */
  private boolean turnedAway(HttpServerRequest request, HttpServerResponse response, String contentType,
      BodyFormat.Encoding encoding, Sensor sensor) {
    long retryAfter;
    if (!ingestionPath.equals(request.path())) {
      BodyReader.discard(request);
      send(response, 404, error("no such route: " + request.method() + " " + request.path(), null));
    } else if (request.method() != HttpMethod.POST) {
      BodyReader.discard(request);
      response.putHeader("Allow", "POST");
      send(response, 405, error("method not allowed: use POST", null));
    } else if (sensor == null) {
      response.putHeader("WWW-Authenticate", "Bearer");
      send(response, 401, error("missing or invalid bearer token", "Authorization"));
      sensors.unauthorized(request.getHeader(HttpHeaders.AUTHORIZATION));
      BodyReader.discard(request);
    } else if ((retryAfter = sensors.overQuota(sensor)) > 0) {
      BodyReader.discard(request);
      response.putHeader("Retry-After", Long.toString(retryAfter));
      send(response, 429, error("sensor " + sensor.name() + " is over its quota of " + sensor.quotaPps()
          + " packets/s; retry later", null));
    } else if (encoding == BodyFormat.Encoding.UNSUPPORTED) {
      send(response, 415, error("Content-Encoding must be gzip or identity", "Content-Encoding"));
      BodyReader.discard(request);
    } else if (!BodyFormat.isJson(contentType) && !BodyFormat.isNdjson(contentType)) {
      send(response, 415, error("Content-Type must be application/json or application/x-ndjson", "Content-Type"));
      BodyReader.discard(request);
    } else if (refusal != null) {
      BodyReader.discard(request);
      refuseAfterHold(response, refusal.message);
    } else {
      return false;
    }
    return true;
  }

  /**
   * A client that ignores Retry-After asks again at once: answered at once, its 503s alone would take the CPU the
   * pipeline needs to catch up. Held SHED_HOLD_MS, each connection asks a few times a second at most. At most one
   * request per connection is held (HTTP/1.1 answers in order; HTTP/2 caps its streams), and connections are capped.
   */
  private void refuseAfterHold(HttpServerResponse response, String message) {
    if (shedHoldMs <= 0) {
      IngestReplies.retryLater(response, message);
      return;
    }
    vertx.setTimer(shedHoldMs, id -> {
      if (!response.closed()) IngestReplies.retryLater(response, message);
    });
  }

  /** The body limit applies to the inflated body: a bomb is refused after inflating one byte past it. */
  private void inflateThenIngest(byte[] body, int length, String contentType, HttpServerResponse response,
      Sensor sensor) {
    GzipBody.Inflated inflated;
    try {
      inflated = GzipBody.inflate(body, length, maxBodyBytes);
    } catch (GzipBody.TooLarge e) {
      send(response, 413, error("request body inflates to more than the limit of " + maxBodyBytes + " bytes", "body"));
      return;
    } catch (GzipBody.Corrupt e) {
      send(response, 400, error(e.getMessage(), "body"));
      sensors.errorMessage(sensor, e.getMessage());
      return;
    }
    ingest(inflated.bytes(), inflated.length(), contentType, response, sensor);
  }

  private void ingest(byte[] body, int length, String contentType, HttpServerResponse response, Sensor sensor) {
    IngestBody parsed;
    try {
      parsed = parser.parse(body, length, contentType);
    } catch (InvalidPacketException e) {
      send(response, 400, error(e.getMessage(), e.field()));
      sensors.errorMessage(sensor, e.getMessage());
      return;
    } catch (BatchPacketException e) {
      send(response, 400, error(e.getMessage(), e.field()).put("index", e.index()));
      sensors.errorMessage(sensor, e.getMessage());
      return;
    }
    long receivedAt = System.currentTimeMillis();
    // A registered sensor's token names the rows' sensor; only the default token lets the body name it.
    List<Packet> packets = SensorAttribution.attribute(parsed.packets(), sensor);
    sensors.clockSkew(sensor, SensorAttribution.clockSkewMillis(packets, receivedAt));
    if (parsed.batch()) {
      appendBatch(packets, receivedAt, response, sensor);
    } else {
      appendOne(packets.get(0), receivedAt, response, sensor);
    }
  }

  private void appendOne(Packet packet, long receivedAt, HttpServerResponse response, Sensor sensor) {
    appender.append(packet, receivedAt)
        .onSuccess(id -> {
          acceptedPackets.increment();
          sensors.accepted(sensor, 1);
          IngestReplies.accepted(response, id.toString());
        })
        .onFailure(err -> redisFailed(response, err));
  }

  private void appendBatch(List<Packet> packets, long receivedAt, HttpServerResponse response, Sensor sensor) {
    appender.appendAll(packets, receivedAt)
        .onSuccess(ids -> {
          acceptedPackets.increment(ids.size());
          sensors.accepted(sensor, ids.size());
          send(response, 200, new JsonObject().put("accepted", ids.size()).put("ids", ids));
        })
        .onFailure(err -> {
          if (err instanceof PartlyStored partly) { // the committed shards' packets are accepted: counted as such
            acceptedPackets.increment(partly.outcome().accepted());
            sensors.accepted(sensor, partly.outcome().accepted());
          }
          redisFailed(response, err);
        });
  }

  private void redisFailed(HttpServerResponse response, Throwable err) {
    log.warn("XADD to {} failed: {}", stream, err.toString());
    if (err instanceof PartlyStored partly) {
      IngestReplies.partlyStored(response, partly.outcome());
    } else {
      IngestReplies.retryLater(response, "the stream store is unavailable; retry later");
    }
  }

  private void count(Sensor sensor, int status, long start) {
    latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    if (sensor != null && status >= 400) sensors.refused(sensor, status);
    answers.computeIfAbsent(status,
        code -> Metrics.counter("netwatch.ingest.requests", "status", Integer.toString(code))).increment();
  }

  /** On the pooled client, not the XADD link: XINFO answers an error while the stream does not exist. */
  private void checkBacklog() {
    backlog.read()
        .timeout(redisTimeoutMs, TimeUnit.MILLISECONDS)
        .onSuccess(reading -> {
          LoadShedding.Refusal now = shedding.decide(reading.backlog(), reading.max(), reading.slowestDelivered());
          if (now != refusal) {
            log.warn(now != null ? "stream {}, backlog {}: answering 503 ({})" : "stream {}, backlog {}: accepting{}",
                stream, reading.backlog(), now != null ? now.message : "");
          }
          refusal = now;
        });
  }
}
