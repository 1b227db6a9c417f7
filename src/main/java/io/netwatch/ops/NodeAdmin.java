package io.netwatch.ops;

import io.netwatch.config.StandardVerticle;
import io.netwatch.model.PlainJson;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers the {@link AdminApi}'s requests for this node on {@link AdminProtocol#nodeAddress}: deploy,
 * redeploy or undeploy a verticle of its {@link NodeDeployments}. Replies with the node, the name and
 * the new deployment id, or fails with {@link AdminProtocol#failureCode}.
 */
public final class NodeAdmin {
  private final NodeDeployments deployments;

  private NodeAdmin(NodeDeployments deployments) {
    this.deployments = deployments;
  }

  /** Registers the node's admin consumer; completes once it is registered across the cluster. */
  public static Future<Void> answer(Vertx vertx, NodeDeployments deployments) {
    NodeAdmin admin = new NodeAdmin(deployments);
    return vertx.eventBus().<JsonObject>consumer(AdminProtocol.nodeAddress(deployments.nodeId()), admin::onRequest)
        .completion();
  }

  private void onRequest(Message<JsonObject> message) {
    JsonObject request = message.body();
    String name = request.getString("name");
    Future<?> done = switch (request.getString("action", "")) {
      case AdminProtocol.DEPLOY -> deploy(request);
      case AdminProtocol.REDEPLOY -> deployments.redeploy(name, ownConfig(request), request.getInteger("instances"));
      case AdminProtocol.UNDEPLOY -> deployments.undeploy(name);
      default -> Future.failedFuture(new IllegalArgumentException("unknown action"));
    };
    done.onSuccess(result -> message.reply(new JsonObject().put("node", deployments.nodeId()).put("name", name)
            .put("deployment_id", result instanceof String id ? id : null)))
        .onFailure(err -> message.fail(AdminProtocol.failureCode(err), String.valueOf(err.getMessage())));
  }

  /** Without a class, a standard verticle's name deploys that verticle (with its threading unless told). */
  private Future<String> deploy(JsonObject request) {
    try {
      String name = request.getString("name");
      String className = request.getString("class");
      if (className == null) {
        className = StandardVerticle.named(name).map(StandardVerticle::className)
            .orElseThrow(() -> new IllegalArgumentException("class is required for a verticle named " + name));
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", name);
      entry.put("class", className);
      entry.put("instances", request.getInteger("instances"));
      entry.put("worker", request.getValue("worker"));
      entry.put("config", ownConfig(request));
      return deployments.deploy(entry);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static Map<String, Object> ownConfig(JsonObject request) {
    return PlainJson.map(request.getJsonObject("config", new JsonObject()));
  }
}
