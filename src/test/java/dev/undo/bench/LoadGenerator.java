package dev.undo.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop HTTP load: {@code concurrency} workers, each running the Undo toast cycle (create,
 * get, delete, undo) back to back on the Vert.x HTTP client, so the generator costs little CPU next
 * to the service. Latencies go to an HdrHistogram recorder, read in intervals.
 */
final class LoadGenerator {
  private final HttpClient client;
  private final String collection;
  private final int concurrency;
  private final Recorder latencies = new Recorder(3);
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicLong failures = new AtomicLong();

  LoadGenerator(Vertx vertx, int port, String collection, int concurrency) {
    this.client = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(port).setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(concurrency));
    this.collection = collection;
    this.concurrency = concurrency;
  }

  void start() {
    running.set(true);
    for (int i = 0; i < concurrency; i++) {
      loop();
    }
  }

  void stop() {
    running.set(false);
  }

  /** The latencies recorded since the last call. */
  Histogram interval() {
    return latencies.getIntervalHistogram();
  }

  long failures() {
    return failures.get();
  }

  private void loop() {
    if (!running.get()) {
      return;
    }
    String items = "/v1/collections/" + collection + "/items";
    timed(HttpMethod.POST, items, new JsonObject().put("title", "load").toBuffer())
        .compose(created -> {
          String path = items + "/" + created.getString("id");
          return timed(HttpMethod.GET, path, null)
              .compose(got -> timedDelete(path))
              .compose(undo -> timed(HttpMethod.POST, undo, null));
        })
        .onComplete(done -> {
          if (done.failed()) {
            failures.incrementAndGet();
          }
          loop();
        });
  }

  private Future<String> timedDelete(String path) {
    long started = System.nanoTime();
    return client.request(new RequestOptions().setMethod(HttpMethod.DELETE).setURI(path))
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> {
          record(started);
          String link = response.getHeader("Link");
          if (link == null) {
            throw new IllegalStateException("DELETE answered " + response.statusCode() + " without an undo link");
          }
          return link.substring(1, link.indexOf('>'));
        }));
  }

  private Future<JsonObject> timed(HttpMethod method, String uri, Buffer body) {
    long started = System.nanoTime();
    RequestOptions options = new RequestOptions().setMethod(method).setURI(uri);
    if (body != null) {
      options.putHeader("Content-Type", "application/json");
    }
    return client.request(options)
        .compose(request -> body == null ? request.send() : request.send(body))
        .compose(response -> response.body().map(text -> {
          record(started);
          if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + uri + " answered " + response.statusCode() + ": " + text);
          }
          return text.length() == 0 ? new JsonObject() : new JsonObject(text);
        }));
  }

  private void record(long started) {
    latencies.recordValue(Math.max(1, (System.nanoTime() - started) / 1000));
  }

  Future<Void> close() {
    return client.close();
  }
}
