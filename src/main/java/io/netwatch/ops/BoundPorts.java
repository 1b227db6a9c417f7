package io.netwatch.ops;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The port each HTTP role actually listens on. A configured port of 0 or below lets the OS choose one
 * (Vert.x 5: with 0 every instance gets a port of its own; a negative port n is bound once, as port 0,
 * and shared by every server of the JVM listening on n), so the port is only known once bound: it is
 * kept in this JVM's local map {@value #MAP} and logged as "{@code <role> listening on port <n>[ of <address>]}", for
 * whoever runs the platform (a test, a supervisor) to find.
 */
public final class BoundPorts {
  public static final String MAP = "netwatch.bound-ports";
  public static final String INGEST = "ingest";
  public static final String DASHBOARD = "dashboard";
  /** Where the node serves /health, /ready and /metrics: the dashboard's port, or a server of its own. */
  public static final String MANAGEMENT = "management";
  private static final Logger log = LoggerFactory.getLogger(BoundPorts.class);

  private BoundPorts() {
  }

  /** Called once a role's server is listening; the latest binding of a role wins. */
  public static void record(Vertx vertx, String role, int port) {
    ports(vertx).put(role, port);
    log.info("{} listening on port {}", role, port);
  }

  /** The same, naming the address it listens on (0.0.0.0: every interface). */
  public static void record(Vertx vertx, String role, String host, int port) {
    ports(vertx).put(role, port);
    log.info("{} listening on port {} of {}", role, port, "0.0.0.0".equals(host) ? "every interface (0.0.0.0)" : host);
  }

  /** The port the role was last bound to in this JVM, or null when it never listened here. */
  public static Integer port(Vertx vertx, String role) {
    return ports(vertx).get(role);
  }

  private static LocalMap<String, Integer> ports(Vertx vertx) {
    return vertx.sharedData().getLocalMap(MAP);
  }
}
