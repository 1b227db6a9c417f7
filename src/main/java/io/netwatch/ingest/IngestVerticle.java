package io.netwatch.ingest;

import io.netwatch.ops.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.Counter;
import io.netwatch.config.Settings;
import io.netwatch.model.Messages;
import io.netwatch.model.InvalidPacketException;
import io.netwatch.model.Packet;
import io.netwatch.model.PacketValidator;
import io.netwatch.ops.TokenCheck;
import io.netwatch.redis.RedisConfig;
import io.netwatch.redis.RedisLink;
import io.netwatch.redis.StreamBacklog;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Sensor-facing HTTP ingest: {@code POST INGESTION_PATH} on INGEST_PORT. Authenticates the bearer token,
 * validates every packet, and appends them to the Redis Stream (one pipelined connection per instance).
 * Answers 503 with Retry-After while Redis is unreachable or the stream backlog is over STREAM_MAX_LEN.
 */
public final class IngestVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(IngestVerticle.class);
  private static final int MAX_BATCH = 10_000;
  private static final long BACKLOG_CHECK_MS = 500;
  private static final String RETRY_AFTER_SECONDS = "1";
  private static final long MAX_DISCARDED_BYTES = 64L * 1024 * 1024;

  private Settings settings;
  private TokenCheck tokenCheck;
  private PacketValidator validator;
  private Redis redis;
  private RedisLink link;
  private String stream;
  private String ingestionPath;
  private int maxBodyBytes;
  private long redisTimeoutMs;
  private boolean backlogFull;
  private final Counter acceptedPackets = Metrics.counter("netwatch.ingest.packets");
  private final Timer latency = Metrics.timer("netwatch.ingest.latency");
  /** Answers by status code: a handful of codes, looked up without building a meter id per request. */
  private final java.util.Map<Integer, Counter> answers = new java.util.HashMap<>();
  private long backlogTimer;

  @Override
  public Future<?> start() {
    settings = new Settings(config().getMap());
    tokenCheck = new TokenCheck(settings.string(Settings.INGESTION_TOKEN));
    validator = new PacketValidator(settings.integer(Settings.MAX_PAYLOAD_HEX));
    stream = settings.string(Settings.REDIS_STREAM_NAME);
    ingestionPath = settings.string(Settings.INGESTION_PATH);
    maxBodyBytes = settings.integer(Settings.MAX_BODY_BYTES);
    redisTimeoutMs = settings.integer(Settings.REDIS_TIMEOUT_MS);
    redis = Redis.createClient(vertx, RedisConfig.options(settings));
    link = new RedisLink(() -> Redis.createClient(vertx, RedisConfig.options(settings)), "ingest", true);
    backlogTimer = vertx.setPeriodic(BACKLOG_CHECK_MS, id -> checkBacklog());
    return vertx.createHttpServer(new HttpServerOptions()
            .setMaxHeaderSize(8 * 1024)
            .setMaxInitialLineLength(4 * 1024)
            .setTcpNoDelay(true))
        .requestHandler(this::handle)
        .listen(settings.integer(Settings.INGEST_PORT))
        .onSuccess(server -> io.netwatch.ops.BoundPorts.record(vertx, io.netwatch.ops.BoundPorts.INGEST,
            server.actualPort()));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(backlogTimer);
    return link.close().eventually(redis::close);
  }

  /**
   * One route, handled without a router: this is the hot path. The token is checked before any body
   * is read, and the body is read up to MAX_BODY_BYTES (413 beyond, and the connection is closed).
   */
  private void handle(HttpServerRequest request) {
    long start = System.nanoTime();
    HttpServerResponse response = request.response();
    response.endHandler(v -> count(response.getStatusCode(), start));
    if (!ingestionPath.equals(request.path())) {
      discardBody(request);
      reply(response, 404, error("no such route: " + request.method() + " " + request.path(), null));
      return;
    }
    if (request.method() != HttpMethod.POST) {
      discardBody(request);
      response.putHeader("Allow", "POST");
      reply(response, 405, error("method not allowed: use POST", null));
      return;
    }
    if (!tokenCheck.matchesBearer(request.getHeader(HttpHeaders.AUTHORIZATION))) {
      response.putHeader("WWW-Authenticate", "Bearer");
      reply(response, 401, error("missing or invalid bearer token", "Authorization"));
      discardBody(request);
      return;
    }
    String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (!BodyFormat.isJson(contentType) && !BodyFormat.isNdjson(contentType)) {
      reply(response, 415, error("Content-Type must be application/json or application/x-ndjson", "Content-Type"));
      discardBody(request);
      return;
    }
    if (backlogFull) {
      response.putHeader("Retry-After", RETRY_AFTER_SECONDS);
      reply(response, 503, error("stream backlog is over STREAM_MAX_LEN; retry later", null));
      discardBody(request);
      return;
    }
    readBody(request, response, body -> ingest(body, contentType, response));
  }

  /** Collects the body up to the limit; a longer one gets 413 and its connection is closed. */
  private void readBody(HttpServerRequest request, HttpServerResponse response, Handler<Buffer> then) {
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared != null && parseLength(declared) > maxBodyBytes) {
      tooLarge(request, response);
      return;
    }
    Buffer body = Buffer.buffer(declared != null ? (int) Math.max(0, Math.min(parseLength(declared), maxBodyBytes)) : 1024);
    boolean[] overflow = {false};
    request.handler(chunk -> {
      if (overflow[0]) return;
      if (body.length() + chunk.length() > maxBodyBytes) {
        overflow[0] = true;
        tooLarge(request, response);
      } else {
        body.appendBuffer(chunk);
      }
    });
    request.endHandler(v -> {
      if (!overflow[0]) then.handle(body);
    });
    request.exceptionHandler(err -> log.debug("ingest request failed: {}", err.getMessage()));
  }

  private static long parseLength(String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Answers 413 at once, then discards the rest of the upload so that the client gets to read the answer
   * (clients read it only once they have sent their body); past {@link #MAX_DISCARDED_BYTES}, it hangs up.
   */
  private void tooLarge(HttpServerRequest request, HttpServerResponse response) {
    reply(response, 413, error("request body is larger than the limit of " + maxBodyBytes + " bytes", "body"));
    discardBody(request);
    request.endHandler(v -> request.connection().close());
  }

  /** Reads and drops a body nobody wants, so the connection stays usable; an endless one is cut off. */
  private static void discardBody(HttpServerRequest request) {
    long[] discarded = {0};
    request.handler(chunk -> {
      discarded[0] += chunk.length();
      if (discarded[0] > MAX_DISCARDED_BYTES) request.connection().close();
    });
  }

  private void count(int status, long start) {
    latency.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    answers.computeIfAbsent(status,
        code -> Metrics.counter("netwatch.ingest.requests", "status", Integer.toString(code))).increment();
  }

  private static JsonObject error(String message, String field) {
    JsonObject body = new JsonObject().put("error", message);
    if (field != null) body.put("field", field);
    return body;
  }

  private static Future<Void> reply(HttpServerResponse response, int status, JsonObject body) {
    if (response.ended()) return Future.succeededFuture();
    return response.setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(body.toBuffer());
  }

  private void ingest(Buffer body, String contentType, HttpServerResponse response) {
    IngestRequest request;
    try {
      request = parse(body, contentType);
    } catch (InvalidPacketException e) {
      reply(response, 400, error(e.getMessage(), e.field()));
      return;
    } catch (BatchPacketException e) {
      reply(response, 400, error(e.getMessage(), e.field()).put("index", e.index()));
      return;
    }
    long receivedAt = System.currentTimeMillis();
    if (!request.batch()) {
      link.send(xadd(request.packets().get(0), receivedAt), redisTimeoutMs)
          .onSuccess(id -> {
            acceptedPackets.increment();
            reply(response, 200, new JsonObject().put("id", id.toString()));
          })
          .onFailure(err -> redisFailed(response, err));
      return;
    }
    List<Request> commands = new ArrayList<>(request.packets().size() + 2);
    commands.add(Request.cmd(Command.MULTI));
    for (Packet packet : request.packets()) commands.add(xadd(packet, receivedAt));
    commands.add(Request.cmd(Command.EXEC));
    link.batch(commands, redisTimeoutMs)
        .onSuccess(replies -> {
          Response exec = replies.get(replies.size() - 1);
          JsonArray ids = new JsonArray(new ArrayList<>(exec.size()));
          for (Response id : exec) ids.add(id.toString());
          acceptedPackets.increment(ids.size());
          reply(response, 200, new JsonObject().put("accepted", ids.size()).put("ids", ids));
        })
        .onFailure(err -> redisFailed(response, err));
  }

  private record IngestRequest(List<Packet> packets, boolean batch) {
  }

  private IngestRequest parse(Buffer body, String contentType) {
    if (body.length() == 0) throw new InvalidPacketException("body", "request body is empty");
    if (BodyFormat.isNdjson(contentType)) return new IngestRequest(parseNdjson(body), true);
    Object decoded = decode(body, "body");
    if (decoded instanceof JsonObject object) {
      return new IngestRequest(List.of(validator.validate(object.getMap())), false);
    }
    if (decoded instanceof JsonArray array) {
      if (array.isEmpty()) throw new InvalidPacketException("body", "batch must hold at least one packet");
      if (array.size() > MAX_BATCH) {
        throw new InvalidPacketException("body", "batch must hold at most " + MAX_BATCH + " packets");
      }
      List<Packet> packets = new ArrayList<>(array.size());
      for (int i = 0; i < array.size(); i++) {
        packets.add(validateElement(array.getValue(i), i));
      }
      return new IngestRequest(packets, true);
    }
    throw new InvalidPacketException("body", "body must be a JSON object or an array of objects");
  }

  private List<Packet> parseNdjson(Buffer body) {
    String text = body.toString();
    List<Packet> packets = new ArrayList<>();
    int index = 0;
    for (String line : text.split("\n")) {
      if (line.isBlank()) continue;
      if (index >= MAX_BATCH) {
        throw new InvalidPacketException("body", "batch must hold at most " + MAX_BATCH + " packets");
      }
      Object decoded;
      try {
        decoded = Json.decodeValue(line);
      } catch (DecodeException e) {
        throw new BatchPacketException(index, "line", "packet " + index + ": line is not valid JSON");
      }
      packets.add(validateElement(decoded, index++));
    }
    if (packets.isEmpty()) throw new InvalidPacketException("body", "batch must hold at least one packet");
    return packets;
  }

  private Packet validateElement(Object element, int index) {
    if (!(element instanceof JsonObject object)) {
      throw new BatchPacketException(index, "body", "packet " + index + ": must be a JSON object");
    }
    try {
      return validator.validate(object.getMap());
    } catch (InvalidPacketException e) {
      throw new BatchPacketException(index, e.field(), "packet " + index + ": " + e.getMessage());
    }
  }

  private static Object decode(Buffer body, String field) {
    try {
      return Json.decodeValue(body);
    } catch (DecodeException e) {
      throw new InvalidPacketException(field, "body is not valid JSON");
    }
  }

  private Request xadd(Packet packet, long receivedAt) {
    return Request.cmd(Command.XADD).arg(stream).arg("*")
        .arg("packet").arg(Messages.packet(packet).encode())
        .arg(Messages.RECEIVED_AT).arg(receivedAt);
  }

  private void redisFailed(HttpServerResponse response, Throwable err) {
    log.warn("XADD to {} failed: {}", stream, err.toString());
    response.putHeader("Retry-After", RETRY_AFTER_SECONDS);
    reply(response, 503, error("the stream store is unavailable; retry later", null));
  }

  private void checkBacklog() {
    // On the pooled client, not the XADD link: XINFO answers an error while the stream does not exist.
    redis.batch(StreamBacklog.requests(stream))
        .timeout(redisTimeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS)
        .onSuccess(replies -> {
          boolean full = StreamBacklog.of(replies) > settings.integer(Settings.STREAM_MAX_LEN);
          if (full != backlogFull) {
            log.warn(full ? "stream {} backlog over {}: answering 503" : "stream {} backlog back under {}",
                stream, settings.integer(Settings.STREAM_MAX_LEN));
          }
          backlogFull = full;
        });
  }

  static final class BatchPacketException extends RuntimeException {
    private final int index;
    private final String field;

    BatchPacketException(int index, String field, String message) {
      super(message, null, false, false);
      this.index = index;
      this.field = field;
    }

    int index() {
      return index;
    }

    String field() {
      return field;
    }
  }
}
