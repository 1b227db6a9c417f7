package io.netwatch.ops;

import io.netwatch.web.JsonResponses;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * What every node serves about itself: {@code GET /health} (200 while the process runs), {@code GET /ready}
 * (200 or 503 with each check's detail; the checks are what the node depends on) and {@code GET /metrics}
 * (this JVM's registry in the Prometheus format). On the dashboard's router, or on a {@link ManagementServer}.
 */
public final class ManagementRoutes {
  private ManagementRoutes() {
  }

  public static Router mount(Router router, HealthChecks readiness) {
    router.get("/health").handler(ctx -> JsonResponses.json(ctx, 200, new JsonObject().put("status", "UP")));
    router.get("/ready").handler(HealthCheckHandler.createWithHealthChecks(readiness));
    router.get("/metrics").handler(PrometheusScrapingHandler.create());
    return router;
  }
}
