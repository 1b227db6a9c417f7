package io.netwatch.ops;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

/** A verticle of the operator's own, for the tests: announces its start with its config; refuses {"refuse": true}. */
public final class ProbeVerticle extends VerticleBase {
  static final String STARTED = "netwatch.test.probe.started";

  @Override
  public Future<?> start() {
    if (config().getBoolean("refuse", false)) return Future.failedFuture(new IllegalArgumentException("refused"));
    vertx.eventBus().publish(STARTED, new JsonObject().put("id", deploymentID()).put("config", config()));
    return Future.succeededFuture();
  }
}
