package io.netwatch.testing;

import io.netwatch.ops.BoundPorts;

/** A running platform whose HTTP roles listen on ports picked when they bound: where to reach them. */
public interface PlatformPorts {
  /** The port the role ({@link BoundPorts#INGEST}, {@link BoundPorts#DASHBOARD}) is listening on now. */
  int port(String role);

  default int ingestPort() {
    return port(BoundPorts.INGEST);
  }

  /** The port of the dashboard, its REST API and the admin API. */
  default int webPort() {
    return port(BoundPorts.DASHBOARD);
  }

  /** Where the node serves /health, /ready and /metrics: the dashboard's port, or a server of its own. */
  default int managementPort() {
    return port(BoundPorts.MANAGEMENT);
  }
}
