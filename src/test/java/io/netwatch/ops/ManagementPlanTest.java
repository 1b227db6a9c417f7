package io.netwatch.ops;

import io.netwatch.config.DeploymentPlan;
import io.netwatch.config.StandardVerticle;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.netwatch.ops.ReadinessCheck.POSTGRES;
import static io.netwatch.ops.ReadinessCheck.REDIS;
import static io.netwatch.ops.ReadinessCheck.STREAM_BACKLOG;
import static io.netwatch.ops.ReadinessCheck.VERTICLES;
import static io.netwatch.ops.ReadinessCheck.DETECTION;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("ManagementPlan: where each node serves /health, /ready, /metrics, and what its /ready checks")
class ManagementPlanTest {
  static ManagementPlan plan(Map<String, Object> settings, Map<String, String> env, String clusterHost,
                             StandardVerticle... verticles) {
    Map<String, Object> root = new HashMap<>(settings);
    root.put("verticles", List.of(verticles).stream().map(StandardVerticle::entry).toList());
    return ManagementPlan.of(DeploymentPlan.from(root, env, 2), clusterHost);
  }

  static ManagementPlan plan(Map<String, Object> settings, StandardVerticle... verticles) {
    return plan(settings, Map.of(), null, verticles);
  }

  @Test
  @DisplayName("a node with a dashboard serves them on its web port by default, and checks everything")
  void dashboardNode() {
    ManagementPlan dashboard = plan(Map.of("web_port", 3100), StandardVerticle.DASHBOARD);
    assertThat(dashboard.onDashboard()).isTrue();
    assertThat(dashboard.port()).isEqualTo(3100);
    assertThat(dashboard.checks()).containsExactlyInAnyOrder(REDIS, POSTGRES, STREAM_BACKLOG, VERTICLES, DETECTION);
    ManagementPlan allInOne = plan(Map.of(), StandardVerticle.values());
    assertThat(allInOne.onDashboard()).isTrue();
    assertThat(allInOne.port()).isEqualTo(3000);
    assertThat(plan(Map.of("web_port", 3100, "management_port", 3100), StandardVerticle.DASHBOARD).onDashboard())
        .isTrue();
  }

  @Test
  @DisplayName("a MANAGEMENT_PORT other than the web port gives the dashboard node a server of its own")
  void dashboardNodeWithItsOwnPort() {
    ManagementPlan plan = plan(Map.of("management_port", 9500), StandardVerticle.DASHBOARD);
    assertThat(plan.onDashboard()).isFalse();
    assertThat(plan.port()).isEqualTo(9500);
    assertThat(plan(Map.of(), Map.of("MANAGEMENT_PORT", "-3"), null, StandardVerticle.DASHBOARD).port())
        .as("from the environment").isEqualTo(-3);
  }

  @Test
  @DisplayName("ingest and analyzer nodes: a server of their own on 9464 unless told, checking what they use")
  void nodesWithoutDashboard() {
    ManagementPlan ingest = plan(Map.of(), StandardVerticle.INGEST);
    assertThat(ingest.onDashboard()).isFalse();
    assertThat(ingest.port()).isEqualTo(ManagementPlan.DEFAULT_PORT).isEqualTo(9464);
    assertThat(ingest.checks()).containsExactlyInAnyOrder(REDIS, STREAM_BACKLOG);
    ManagementPlan analyzer = plan(Map.of("management_port", 9465), StandardVerticle.PERSISTENCE,
        StandardVerticle.SCORER, StandardVerticle.STREAM_CONSUMER);
    assertThat(analyzer.port()).isEqualTo(9465);
    assertThat(analyzer.checks()).containsExactlyInAnyOrder(REDIS, POSTGRES);
    assertThat(plan(Map.of(), StandardVerticle.SCORER).checks()).isEmpty();
  }

  @Test
  @DisplayName("the conf/nodes layout: three endpoints that do not collide on one machine")
  void shippedNodeFiles() throws Exception {
    Map<String, Integer> ports = new HashMap<>();
    for (String node : List.of("ingest", "analyzer", "dashboard")) {
      String json = java.nio.file.Files.readString(java.nio.file.Path.of("conf/nodes/" + node + ".json"));
      Map<String, Object> root = io.netwatch.model.PlainJson.map(new io.vertx.core.json.JsonObject(json));
      ports.put(node, ManagementPlan.of(DeploymentPlan.from(root, Map.of(), 2), null).port());
    }
    assertThat(ports).containsExactlyInAnyOrderEntriesOf(Map.of("ingest", 9464, "analyzer", 9465, "dashboard", 3000));
  }

  @Test
  @DisplayName("the address: PUBLIC_HOST, else the cluster host, else localhost; IPv6 in brackets")
  void address() {
    assertThat(plan(Map.of(), StandardVerticle.INGEST).address(9464)).isEqualTo("localhost:9464");
    assertThat(plan(Map.of(), Map.of(), "10.1.2.3", StandardVerticle.INGEST).address(9464)).isEqualTo("10.1.2.3:9464");
    assertThat(plan(Map.of(), Map.of("PUBLIC_HOST", "ingest-1.example"), "10.1.2.3", StandardVerticle.INGEST)
        .address(9464)).isEqualTo("ingest-1.example:9464");
    assertThat(plan(Map.of(), Map.of(), "fd00::5", StandardVerticle.INGEST).address(9464)).isEqualTo("[fd00::5]:9464");
  }
}
