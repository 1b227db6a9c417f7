package io.netwatch.ops;


/** How the admin API talks to the nodes: a per-node event-bus address and the cluster-wide map of nodes. */
public final class AdminProtocol {
  /** Cluster-wide map: node id to what that node runs (entries expire if a node stops refreshing them). */
  public static final String NODES_MAP = "netwatch.nodes";
  public static final String DEPLOY = "deploy";
  public static final String REDEPLOY = "redeploy";
  public static final String UNDEPLOY = "undeploy";
  public static final int NOT_FOUND = 404;
  public static final int INVALID = 422;

  private AdminProtocol() {
  }

  public static String nodeAddress(String nodeId) {
    return "netwatch.admin." + nodeId;
  }

  /** A verticle that fails to start, or a config that does not parse, is the caller's error (422). */
  public static int failureCode(Throwable err) {
    return err instanceof NodeDeployments.NoSuchElementException ? NOT_FOUND : INVALID;
  }

}
