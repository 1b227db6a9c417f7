package io.netwatch.ops;

import io.netwatch.config.DeploymentPlan;
import io.netwatch.config.DeploymentPlan.VerticleSpec;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The verticles this JVM runs, by name, in deployment order. A redeploy brings the new deployment up
 * before the old one goes down; a deployment that fails to start leaves the old one running.
 */
public final class NodeDeployments {
  private static final Logger log = LoggerFactory.getLogger(NodeDeployments.class);

  /** A deployed verticle: what was asked for and the id Vert.x gave it. */
  public record Running(VerticleSpec spec, String deploymentId) {
  }

  private final Vertx vertx;
  private final String nodeId;
  private final Map<String, String> environment;
  private final int cores;
  private final Map<String, Running> byName = new LinkedHashMap<>();
  private Map<String, Object> shared;
  private Runnable onChange = () -> { };

  public NodeDeployments(Vertx vertx, String nodeId, Map<String, String> environment, int cores,
                         Map<String, Object> shared) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.environment = environment;
    this.cores = cores;
    this.shared = shared;
  }

  public void onChange(Runnable listener) {
    this.onChange = listener;
  }

  public String nodeId() {
    return nodeId;
  }

  /** Deploys the specs one after the other, in order. */
  public Future<Void> deployAll(List<VerticleSpec> specs) {
    Future<Void> chain = Future.succeededFuture();
    for (VerticleSpec spec : specs) chain = chain.compose(v -> deploy(spec).mapEmpty());
    return chain;
  }

  /** Deploys a verticle entry (name, class, instances, worker, config) laid over the shared settings. */
  public Future<String> deploy(Map<String, Object> entry) {
    try {
      return deploy(spec(entry));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<String> deploy(VerticleSpec spec) {
    if (byName.containsKey(spec.name())) {
      return Future.failedFuture(new IllegalArgumentException(spec.name() + " is already deployed on " + nodeId));
    }
    return start(spec).onSuccess(id -> {
      byName.put(spec.name(), new Running(spec, id));
      onChange.run();
    });
  }

  /**
   * Deploys {@code name} again with {@code ownConfig} laid over the shared settings (and the environment
   * over both); the old deployment is undeployed only once the new one has started.
   */
  public Future<String> redeploy(String name, Map<String, Object> ownConfig, Integer instances) {
    Running old = byName.get(name);
    if (old == null) return Future.failedFuture(new NoSuchElementException(name + " is not deployed on " + nodeId));
    VerticleSpec spec;
    try {
      Map<String, Object> entry = DeploymentPlan.entry(name, old.spec().className(),
          instances != null ? instances : old.spec().instances(), old.spec().worker());
      entry.put("config", ownConfig);
      spec = spec(entry);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return replace(old, spec);
  }

  private Future<String> replace(Running old, VerticleSpec spec) {
    return start(spec).compose(newId -> {
      byName.put(spec.name(), new Running(spec, newId));
      onChange.run();
      log.info("redeployed {}: {} replaces {}", spec.name(), newId, old.deploymentId());
      return vertx.undeploy(old.deploymentId()).recover(err -> Future.succeededFuture()).map(newId);
    });
  }

  public Future<Void> undeploy(String name) {
    Running old = byName.remove(name);
    if (old == null) return Future.failedFuture(new NoSuchElementException(name + " is not deployed on " + nodeId));
    onChange.run();
    return vertx.undeploy(old.deploymentId()).onSuccess(v -> log.info("undeployed {}", name));
  }

  /** Ingest stops first and persistence last, so that what is in flight can finish and be acknowledged. */
  public Future<Void> undeployAllInReverse() {
    List<Running> all = new ArrayList<>(byName.values());
    byName.clear();
    Future<Void> chain = Future.succeededFuture();
    for (int i = all.size() - 1; i >= 0; i--) {
      Running r = all.get(i);
      chain = chain.compose(v -> vertx.undeploy(r.deploymentId()).recover(err -> Future.succeededFuture()));
    }
    return chain;
  }

  /**
   * Brings this node in line with a new plan (a changed config file): deploys what is new, redeploys
   * what changed, undeploys what is gone, and leaves the rest alone.
   */
  public Future<List<String>> apply(DeploymentPlan plan) {
    shared = plan.shared();
    List<String> changed = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    List<String> wanted = new ArrayList<>();
    for (VerticleSpec spec : plan.verticles()) {
      wanted.add(spec.name());
      Running current = byName.get(spec.name());
      if (current == null) {
        changed.add(spec.name());
        chain = chain.compose(v -> deploy(spec).mapEmpty());
      } else if (!sameDeployment(current.spec(), spec)) {
        changed.add(spec.name());
        chain = chain.compose(v -> replace(current, spec).mapEmpty());
      }
    }
    for (String name : List.copyOf(byName.keySet())) {
      if (!wanted.contains(name)) {
        changed.add(name);
        chain = chain.compose(v -> undeploy(name));
      }
    }
    return chain.map(changed);
  }

  private static boolean sameDeployment(VerticleSpec a, VerticleSpec b) {
    return a.className().equals(b.className()) && a.instances() == b.instances() && a.worker() == b.worker()
        && Objects.equals(new JsonObject(a.config()), new JsonObject(b.config()));
  }

  private VerticleSpec spec(Map<String, Object> entry) {
    return DeploymentPlan.spec(entry, shared, environment, cores);
  }

  /** What this node runs, secrets redacted, for the admin API. */
  public JsonObject describe() {
    JsonArray verticles = new JsonArray();
    for (Running r : byName.values()) {
      verticles.add(new JsonObject()
          .put("name", r.spec().name())
          .put("class", r.spec().className())
          .put("deployment_id", r.deploymentId())
          .put("instances", r.spec().instances())
          .put("worker", r.spec().worker())
          .put("config", new JsonObject(Redaction.redact(r.spec().config()))));
    }
    return new JsonObject().put("node", nodeId).put("verticles", verticles).put("updated_at", System.currentTimeMillis());
  }

  private Future<String> start(VerticleSpec spec) {
    DeploymentOptions options = new DeploymentOptions()
        .setConfig(new JsonObject(spec.config()))
        .setInstances(spec.instances());
    if (spec.worker()) {
      options.setThreadingModel(ThreadingModel.WORKER)
          .setWorkerPoolName("netwatch-" + spec.name())
          .setWorkerPoolSize(spec.instances());
    }
    return vertx.deployVerticle(spec.className(), options)
        .onSuccess(id -> log.info("deployed {} x{} ({})", spec.name(), spec.instances(), spec.className()))
        .onFailure(err -> log.error("could not deploy {}: {}", spec.name(), err.getMessage()));
  }

  /** A verticle name this node does not run. */
  public static final class NoSuchElementException extends RuntimeException {
    public NoSuchElementException(String message) {
      super(message, null, false, false);
    }
  }
}
