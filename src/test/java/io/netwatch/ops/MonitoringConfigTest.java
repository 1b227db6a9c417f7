package io.netwatch.ops;

import io.netwatch.config.DeploymentPlan;
import io.netwatch.model.PlainJson;
import io.netwatch.testing.Promtool;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** conf/prometheus.yml and the Grafana dashboard stay true to the node files and to the meters that exist. */
@DisplayName("conf/prometheus.yml and conf/grafana: valid, and about the ports and meters the platform has")
class MonitoringConfigTest {
  static final Path PROMETHEUS = Path.of("conf/prometheus.yml");
  static final Path GRAFANA = Path.of("conf/grafana/netwatch.json");

  @Test
  @DisplayName("promtool check config accepts conf/prometheus.yml")
  void prometheusConfigIsValid() throws Exception {
    Promtool.Result result = Promtool.required().run("", "check", "config", PROMETHEUS.toString());
    assertThat(result.exitCode()).as(String.join("\n", result.lines())).isZero();
  }

  @Test
  @DisplayName("it scrapes each node of conf/nodes on that node's default management port")
  void scrapesEveryNode() throws Exception {
    String yml = Files.readString(PROMETHEUS);
    for (String node : List.of("ingest", "analyzer", "dashboard")) {
      Map<String, Object> root = PlainJson.map(new JsonObject(Files.readString(Path.of("conf/nodes", node + ".json"))));
      int port = ManagementPlan.of(DeploymentPlan.from(root, Map.of(), 2), null).port();
      assertThat(yml).as(node).containsPattern("targets: \\[\"localhost:" + port + "\"\\]\\s+labels:\\s+role: " + node);
    }
  }

  @Test
  @DisplayName("every Grafana query is valid PromQL (promtool check rules) about a netwatch meter that exists")
  void grafanaQueries() throws Exception {
    List<String> queries = new ArrayList<>();
    for (Object panel : new JsonObject(Files.readString(GRAFANA)).getJsonArray("panels")) {
      for (Object target : ((JsonObject) panel).getJsonArray("targets")) queries.add(((JsonObject) target).getString("expr"));
    }
    assertThat(queries).hasSizeGreaterThan(5);

    Set<String> exported = new TreeSet<>();
    Metrics.HELP.keySet().forEach(meter -> {
      String name = meter.replace('.', '_');
      for (String suffix : List.of("", "_total", "_seconds_bucket", "_seconds_count", "_seconds_sum", "_bucket")) {
        exported.add(name + suffix);
      }
    });
    Pattern metric = Pattern.compile("netwatch_[a-z_]+");
    StringBuilder rules = new StringBuilder("groups:\n  - name: grafana\n    rules:\n");
    for (int i = 0; i < queries.size(); i++) {
      Matcher m = metric.matcher(queries.get(i));
      while (m.find()) assertThat(exported).as(queries.get(i)).contains(m.group());
      // Grafana's $__rate_interval is for Grafana to fill in; any duration will do for the syntax check.
      String expr = queries.get(i).replace("$__rate_interval", "1m");
      rules.append("      - record: grafana:query").append(i).append("\n        expr: '")
          .append(expr.replace("'", "''")).append("'\n");
    }
    Path file = Files.createTempFile("grafana-queries", ".yml");
    try {
      Files.writeString(file, rules);
      Promtool.Result result = Promtool.required().run("", "check", "rules", file.toString());
      assertThat(result.exitCode()).as(String.join("\n", result.lines())).isZero();
    } finally {
      Files.delete(file);
    }
  }
}
