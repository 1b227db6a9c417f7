package io.netwatch.capture;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Posts batches to ingest with vertx-web-client. {@link #send} is called from the sender's own thread and
 * waits there for the answer: the event loop itself never waits.
 */
final class IngestClient implements AutoCloseable {
  private static final long REQUEST_TIMEOUT_MS = 30_000;

  private final Vertx vertx;
  private final WebClient client;
  private final String url;
  private final String authorization;

  IngestClient(String url, String token) {
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("netwatch-sensor")
        .setConnectTimeout(5_000).setKeepAlive(true));
    this.url = url;
    this.authorization = "Bearer " + token;
  }

  IngestAnswer send(Batch batch) throws InterruptedException {
    HttpRequest<Buffer> request = client.postAbs(url).putHeader("Authorization", authorization)
        .putHeader("Content-Type", "application/json").timeout(REQUEST_TIMEOUT_MS);
    if (batch.gzip()) request.putHeader("Content-Encoding", "gzip");
    try {
      HttpResponse<Buffer> response = request.sendBuffer(Buffer.buffer(batch.body())).toCompletionStage()
          .toCompletableFuture().get(REQUEST_TIMEOUT_MS + 5_000, TimeUnit.MILLISECONDS);
      return IngestAnswer.of(response.statusCode(), response.getHeader("Retry-After"), response.bodyAsString());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return IngestAnswer.unreachable(cause.getClass().getSimpleName() + ": " + cause.getMessage());
    } catch (TimeoutException e) {
      return IngestAnswer.unreachable("no answer within " + REQUEST_TIMEOUT_MS + " ms");
    }
  }

  @Override
  public void close() {
    client.close();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Closing at exit: nothing left to save.
    }
  }
}
