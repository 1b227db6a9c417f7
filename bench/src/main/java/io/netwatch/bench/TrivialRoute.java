package io.netwatch.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Reference A: the least a Vert.x route can do for an ingest request — read the same JSON body, parse it,
 * answer 200 with a small JSON — on as many event loops as the platform's ingest, nothing else. Also the
 * target on which each load generator's own ceiling is measured. A JSON array of packets (a batch) is
 * parsed and answered the same way, so the load generator's batch ceiling can be measured on it too.
 * Usage: TrivialRoute [port] [instances]
 */
public final class TrivialRoute extends VerticleBase {
  private static final Buffer ID = Buffer.buffer("{\"id\":\"0-0\"}");

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.post("/ingest").handler(BodyHandler.create(false)).handler(ctx -> {
      Buffer body = ctx.body().buffer();
      if (body != null && body.length() > 0 && body.getByte(0) == '[') {
        JsonArray batch = body.toJsonArray();
        if (batch.isEmpty() || !(batch.getValue(0) instanceof JsonObject first) || first.getString("src_ip") == null) {
          ctx.response().setStatusCode(400).end();
          return;
        }
        ctx.response().putHeader("Content-Type", "application/json").end(ID);
        return;
      }
      JsonObject packet = ctx.body().asJsonObject();
      if (packet == null || packet.getString("src_ip") == null) {
        ctx.response().setStatusCode(400).end();
        return;
      }
      ctx.response().putHeader("Content-Type", "application/json").end(ID);
    });
    return vertx.createHttpServer().requestHandler(router).listen(config().getInteger("port"));
  }

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 18090;
    int instances = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    Vertx.vertx().deployVerticle(TrivialRoute.class,
            new DeploymentOptions().setInstances(instances).setConfig(new JsonObject().put("port", port)))
        .onSuccess(id -> System.out.println("trivial route on port " + port))
        .onFailure(err -> {
          err.printStackTrace();
          System.exit(1);
        });
  }
}
