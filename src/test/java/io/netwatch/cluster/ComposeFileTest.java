package io.netwatch.cluster;

import io.netwatch.config.Settings;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine here: docker-compose.yml is checked by reading it. Every platform service's command names a
 * conf/nodes file that exists and runs its role, clustered; its ports are the ones that file listens on; every
 * environment name is a setting of the settings table; the image is the build's jar.
 */
@DisplayName("docker-compose.yml agrees with conf/nodes, the settings table and the build")
class ComposeFileTest {
  static final Map<String, String> ROLE_VERTICLE = Map.of("ingest", "ingest", "analyzer", "stream-consumer",
      "dashboard", "dashboard");
  /** Read by the JVM, not by the platform's settings. */
  static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");
  static Map<String, Object> services;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void read() throws IOException {
    Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
    services = (Map<String, Object>) compose.get("services");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> service(String name) {
    assertThat(services).as("services").containsKey(name);
    return (Map<String, Object>) services.get(name);
  }

  @SuppressWarnings("unchecked")
  static List<String> list(Map<String, Object> service, String key) {
    Object value = service.get(key);
    if (value == null) return List.of();
    List<String> items = new ArrayList<>();
    for (Object item : (List<Object>) value) items.add(String.valueOf(item));
    return items;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> environment(Map<String, Object> service) {
    return (Map<String, Object>) service.get("environment");
  }

  static JsonObject nodeConfig(List<String> command) throws IOException {
    int conf = command.indexOf("-conf");
    assertThat(conf).as("-conf in " + command).isNotNegative();
    Path file = Path.of(command.get(conf + 1));
    assertThat(file).as("config file").exists().startsWith(Path.of("conf", "nodes"));
    return new JsonObject(Files.readString(file));
  }

  @Test
  @DisplayName("each role runs its conf/nodes file, clustered, on the cluster host other nodes know it by")
  void commands() throws IOException {
    for (var role : ROLE_VERTICLE.entrySet()) {
      Map<String, Object> service = service(role.getKey());
      List<String> command = list(service, "command");
      JsonObject node = nodeConfig(command);
      assertThat(node.getJsonArray("verticles").stream().map(v -> ((JsonObject) v).getString("name")))
          .as(role.getKey()).contains(role.getValue());
      assertThat(command).as(role.getKey()).contains("-cluster");
      int host = command.indexOf("-cluster-host");
      if (host >= 0) {
        assertThat(command.get(host + 1)).isEqualTo(service.get("hostname"));
        assertThat(environment(service)).containsEntry("PUBLIC_HOST", service.get("hostname"));
      }
    }
  }

  @Test
  @DisplayName("published and exposed ports are the ports the node configs listen on")
  void ports() throws IOException {
    JsonObject ingest = nodeConfig(list(service("ingest"), "command"));
    assertThat(list(service("ingest"), "ports")).contains(ingest.getInteger("ingest_port") + ":" + ingest.getInteger("ingest_port"));
    assertThat(list(service("ingest"), "expose")).contains(String.valueOf(ingest.getInteger("management_port")));
    JsonObject dashboard = nodeConfig(list(service("dashboard"), "command"));
    assertThat(list(service("dashboard"), "ports")).contains(dashboard.getInteger("web_port") + ":" + dashboard.getInteger("web_port"));
    JsonObject analyzer = nodeConfig(list(service("analyzer"), "command"));
    assertThat(list(service("analyzer"), "expose")).contains(String.valueOf(analyzer.getInteger("management_port")));
  }

  @Test
  @DisplayName("every environment name is a setting; the datastores named are services of the file")
  void environmentNames() {
    for (String role : ROLE_VERTICLE.keySet()) {
      Map<String, Object> env = environment(service(role));
      for (String name : env.keySet()) {
        if (JVM_VARIABLES.contains(name)) continue;
        assertThat(Settings.DEFAULTS).as(role + ": " + name + " is not a setting").containsKey(name.toLowerCase(Locale.ROOT));
      }
      assertThat(URI.create(String.valueOf(env.get("REDIS_URL"))).getHost()).isIn(services.keySet());
      URI database = URI.create(String.valueOf(env.get("DATABASE_URL")));
      assertThat(database.getHost()).isIn(services.keySet());
      Map<String, Object> postgres = environment(service(database.getHost()));
      assertThat(database.getUserInfo()).isEqualTo(postgres.get("POSTGRES_USER") + ":" + postgres.get("POSTGRES_PASSWORD"));
      assertThat(database.getPath()).isEqualTo("/" + postgres.get("POSTGRES_DB"));
      assertThat(env).containsEntry("PLATFORM_ENV", "production");
    }
  }

  @Test
  @DisplayName("the Hazelcast file exists and lists the roles with fixed host names; the image holds the build's jar")
  void clusterAndImage() throws IOException {
    String options = String.valueOf(environment(service("ingest")).get("JAVA_TOOL_OPTIONS"));
    Matcher config = Pattern.compile("-Dvertx\\.hazelcast\\.config=(\\S+)").matcher(options);
    assertThat(config.find()).as(options).isTrue();
    String hazelcast = Files.readString(Path.of(config.group(1)));
    for (String role : List.of("ingest", "dashboard")) {
      assertThat(hazelcast).contains("<member>" + service(role).get("hostname") + "</member>");
    }
    assertThat(service("ingest").get("build")).isEqualTo(".");
    String dockerfile = Files.readString(Path.of("Dockerfile"));
    assertThat(dockerfile).contains("COPY target/netwatch.jar").contains("COPY conf").contains("COPY webroot");
    assertThat(Files.readString(Path.of("pom.xml"))).contains("<finalName>netwatch</finalName>");
  }
}
