package io.netwatch.ops;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/**
 * Watches a JSON config file with vertx-config (read again every {@value #SCAN_PERIOD_MS} ms) and hands
 * each changed content to a handler, one change at a time. Content that does not parse is logged and
 * skipped. The keys the launcher added to the file at start (the file's name, the URLs of embedded
 * datastores) are kept in what the handler gets, unless the file sets them itself.
 */
public final class ConfigFileWatch {
  private static final Logger log = LoggerFactory.getLogger(ConfigFileWatch.class);
  static final long SCAN_PERIOD_MS = 2_000;

  private final ConfigRetriever retriever;
  private JsonObject launcherKeys = new JsonObject();
  private Future<?> handled = Future.succeededFuture();

  private ConfigFileWatch(Vertx vertx, String file) {
    this.retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions()
        .setScanPeriod(SCAN_PERIOD_MS)
        .addStore(new ConfigStoreOptions().setType("file").setFormat("json")
            .setConfig(new JsonObject().put("path", file))));
  }

  /**
   * Starts watching {@code file}, whose content (with what the launcher added) is {@code startConfig}.
   * {@code onChange} gets the next change only once the future it returned for the previous one completed.
   * Completes once the file has been read for the first time; never fails.
   */
  public static Future<ConfigFileWatch> start(Vertx vertx, String file, JsonObject startConfig,
                                              Function<JsonObject, Future<?>> onChange) {
    ConfigFileWatch watch = new ConfigFileWatch(vertx, file);
    watch.retriever.configStream().exceptionHandler(err ->
        log.error("{} changed but is not valid, ignored: {}", file, err.getMessage()));
    return watch.retriever.getConfig()
        .onSuccess(content -> watch.launcherKeys = keysMissingFrom(content, startConfig))
        .onFailure(err -> log.warn("{} cannot be read: {}", file, err.getMessage()))
        .transform(ar -> {
          watch.retriever.listen(change -> watch.handle(change.getNewConfiguration(), onChange));
          return Future.succeededFuture(watch);
        });
  }

  private void handle(JsonObject content, Function<JsonObject, Future<?>> onChange) {
    JsonObject config = launcherKeys.copy().mergeIn(content);
    handled = handled.transform(previous -> onChange.apply(config));
  }

  /** The entries of {@code config} whose key {@code content} does not have. */
  private static JsonObject keysMissingFrom(JsonObject content, JsonObject config) {
    JsonObject missing = new JsonObject();
    config.forEach(e -> {
      if (!content.containsKey(e.getKey())) missing.put(e.getKey(), e.getValue());
    });
    return missing;
  }

  public Future<Void> close() {
    return retriever.close();
  }
}
