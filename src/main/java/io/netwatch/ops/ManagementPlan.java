package io.netwatch.ops;

import io.netwatch.config.DeploymentPlan;
import io.netwatch.config.DeploymentPlan.VerticleSpec;
import io.netwatch.config.Settings;
import io.netwatch.config.StandardVerticle;

import java.util.Optional;
import java.util.Set;

/**
 * Where a node serves {@code /health}, {@code /ready} and {@code /metrics} for itself, and what its
 * {@code /ready} checks. MANAGEMENT_PORT defaults to the web port on a node that runs a dashboard (which
 * then serves them among its routes) and to {@value #DEFAULT_PORT} on any other node, which gets a small
 * server of its own; so does a dashboard node whose MANAGEMENT_PORT differs from its WEB_PORT. The address
 * other nodes and Prometheus use is PUBLIC_HOST, else the cluster host, else localhost. Pure.
 */
public record ManagementPlan(int port, boolean onDashboard, Set<ReadinessCheck> checks, String host) {
  /** Prometheus's own default exporter port range starts here. */
  public static final int DEFAULT_PORT = 9464;
  public static final String DEFAULT_HOST = "localhost";

  /**
   * @param clusterHost the host the clustered event bus announces (null when not clustered)
   */
  public static ManagementPlan of(DeploymentPlan plan, String clusterHost) {
    Settings shared = new Settings(plan.shared());
    Optional<Integer> webPort = plan.verticles().stream().filter(spec -> spec.is(StandardVerticle.DASHBOARD))
        .findFirst().map(spec -> new Settings(spec.config()).integer(Settings.WEB_PORT));
    Integer configured = plan.shared().get(Settings.MANAGEMENT_PORT) == null ? null
        : shared.integer(Settings.MANAGEMENT_PORT);
    boolean onDashboard = webPort.isPresent() && (configured == null || configured.equals(webPort.get()));
    int port = onDashboard ? webPort.get() : configured != null ? configured : DEFAULT_PORT;
    Set<ReadinessCheck> checks = ReadinessCheck.neededByClasses(
        plan.verticles().stream().map(VerticleSpec::className).toList());
    String publicHost = shared.string(Settings.PUBLIC_HOST);
    String host = publicHost != null && !publicHost.isBlank() ? publicHost.strip()
        : clusterHost != null && !clusterHost.isBlank() ? clusterHost : DEFAULT_HOST;
    return new ManagementPlan(port, onDashboard, checks, host);
  }

  /** "host:port" for the port actually bound (an IPv6 literal in brackets). */
  public String address(int boundPort) {
    boolean ipv6 = host.contains(":") && !host.startsWith("[");
    return (ipv6 ? "[" + host + "]" : host) + ":" + boundPort;
  }
}
