package io.netwatch.ops;

import io.netwatch.config.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Drives a node's admin address over the event bus, with verticles that need neither Redis nor PostgreSQL. */
@DisplayName("NodeAdmin: deploy, redeploy and undeploy on this node")
class NodeAdminTest {
  static final String NODE = "node-test";
  static final Map<String, Object> SHARED = Map.of(Settings.DATABASE_URL, "postgresql://u:s3cret@db/x",
      Settings.ADMIN_TOKEN, "the-admin-token", Settings.MAX_PAYLOAD_HEX, 128, Settings.THREAD_COUNT, 1);

  Vertx vertx;
  NodeDeployments deployments;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    deployments = new NodeDeployments(vertx, NODE, Map.of(), 2, SHARED);
    await(NodeAdmin.answer(vertx, deployments));
  }

  @AfterEach
  void tearDown() throws Exception {
    await(vertx.close());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.await(20, TimeUnit.SECONDS);
  }

  Future<JsonObject> request(String action, String name, JsonObject fields) {
    JsonObject body = fields.copy().put("action", action).put("name", name);
    return vertx.eventBus().<JsonObject>request(AdminProtocol.nodeAddress(NODE), body).map(Message::body);
  }

  ReplyException failure(String action, String name, JsonObject fields) {
    return catchThrowableOfType(ReplyException.class, () -> await(request(action, name, fields)));
  }

  JsonObject described(String name) {
    return deployments.describe().getJsonArray("verticles").stream().map(JsonObject.class::cast)
        .filter(v -> name.equals(v.getString("name"))).findFirst().orElse(null);
  }

  @Test
  @DisplayName("a class of the operator's own: deployed with every shared setting, redeployed, refused, undeployed")
  void customClass() throws Exception {
    JsonObject deployed = await(request(AdminProtocol.DEPLOY, "probe", new JsonObject()
        .put("class", ProbeVerticle.class.getName()).put("config", new JsonObject().put("x", 1))));
    assertThat(deployed.getString("node")).isEqualTo(NODE);
    String first = deployed.getString("deployment_id");
    assertThat(vertx.deploymentIDs()).contains(first);
    JsonObject config = described("probe").getJsonObject("config");
    assertThat(config.getInteger("x")).isEqualTo(1);
    assertThat(config.fieldNames()).containsAll(SHARED.keySet());
    assertThat(config.encode()).doesNotContain("s3cret", "the-admin-token");

    String second = await(request(AdminProtocol.REDEPLOY, "probe", new JsonObject()
        .put("config", new JsonObject().put("x", 2)))).getString("deployment_id");
    assertThat(vertx.deploymentIDs()).contains(second).doesNotContain(first);

    ReplyException refused = failure(AdminProtocol.REDEPLOY, "probe", new JsonObject()
        .put("config", new JsonObject().put("refuse", true)));
    assertThat(refused.failureCode()).isEqualTo(AdminProtocol.INVALID);
    assertThat(vertx.deploymentIDs()).contains(second);
    assertThat(described("probe").getString("deployment_id")).isEqualTo(second);

    await(request(AdminProtocol.UNDEPLOY, "probe", new JsonObject()));
    assertThat(vertx.deploymentIDs()).doesNotContain(second);
    assertThat(failure(AdminProtocol.UNDEPLOY, "probe", new JsonObject()).failureCode())
        .isEqualTo(AdminProtocol.NOT_FOUND);
  }

  @Test
  @DisplayName("a standard name alone deploys that verticle, with its threading and only its settings")
  void standardByName() throws Exception {
    await(request(AdminProtocol.DEPLOY, "scorer", new JsonObject()));
    JsonObject scorer = described("scorer");
    assertThat(scorer.getString("class")).isEqualTo("io.netwatch.scoring.ScorerVerticle");
    assertThat(scorer.getBoolean("worker")).isTrue();
    assertThat(scorer.getInteger("instances")).isEqualTo(1);
    assertThat(scorer.getJsonObject("config").fieldNames()).containsExactly(Settings.MAX_PAYLOAD_HEX);
  }

  @Test
  @DisplayName("an unknown name without a class, an unknown action and an unknown verticle are refused")
  void refusals() {
    ReplyException noClass = failure(AdminProtocol.DEPLOY, "sniffer", new JsonObject());
    assertThat(noClass.failureCode()).isEqualTo(AdminProtocol.INVALID);
    assertThat(noClass.getMessage()).contains("class is required");
    assertThat(failure("restart", "scorer", new JsonObject()).failureCode()).isEqualTo(AdminProtocol.INVALID);
    assertThat(failure(AdminProtocol.REDEPLOY, "nope", new JsonObject()).failureCode())
        .isEqualTo(AdminProtocol.NOT_FOUND);
  }
}
