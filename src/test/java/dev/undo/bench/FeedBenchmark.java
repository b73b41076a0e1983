package dev.undo.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Semaphore;

/**
 * The change feed's readers: how long after a write one Server-Sent Events client sees its event, and
 * whether {@link #IDLE_CLIENTS} idle clients hold, and how long one event takes to reach all of them.
 * The delay is counted from sending the write, so it is an upper bound of the delay from its commit.
 */
final class FeedBenchmark {
  static final int IDLE_CLIENTS = Integer.getInteger("bench.feed.clients", 1_000);
  private static final int WRITES = 300;

  private static Callable<String> head;

  private FeedBenchmark() {}

  /** @param head the feed's newest event's cursor, read from the database (the API pages from the oldest) */
  static JsonObject measure(Vertx vertx, int port, Callable<Void> write, Callable<String> head) throws Exception {
    FeedBenchmark.head = head;
    HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
        new PoolOptions().setHttp1MaxSize(IDLE_CLIENTS + 10));
    try {
      return new JsonObject().put("commitToClient", delays(http, write)).put("idleClients", crowd(http, write));
    } finally {
      http.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** One stream; one write at a time, at random moments; the time from sending the write to the stream's event of it. */
  private static JsonObject delays(HttpClient http, Callable<Void> write) throws Exception {
    Semaphore seen = new Semaphore(0);
    Stream stream = open(http, seen::release);
    List<Long> micros = new ArrayList<>();
    java.util.Random random = new java.util.Random(1);
    for (int i = 0; i < WRITES; i++) {
      // A pause of a random length first: a write sent right as the last event arrived would always
      // land just after the poller's tick and wait a whole interval, which no real writer does.
      Thread.sleep(random.nextInt(100));
      long sent = System.nanoTime();
      write.call();
      if (!seen.tryAcquire(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("no event 10 s after a write");
      }
      micros.add((System.nanoTime() - sent) / 1_000);
    }
    stream.close();
    Collections.sort(micros);
    JsonObject result = new JsonObject().put("writes", WRITES)
        .put("p50Ms", micros.get(micros.size() / 2) / 1000.0).put("p99Ms", micros.get(micros.size() * 99 / 100) / 1000.0)
        .put("maxMs", micros.get(micros.size() - 1) / 1000.0);
    System.out.printf("feed         write → SSE client: p50 %.1f ms  p99 %.1f ms  max %.1f ms (%d writes, one at a time)%n",
        result.getDouble("p50Ms"), result.getDouble("p99Ms"), result.getDouble("maxMs"), WRITES);
    return result;
  }

  /** IDLE_CLIENTS streams open and idle; then one write, and the time until each stream has its event. */
  private static JsonObject crowd(HttpClient http, Callable<Void> write) throws Exception {
    List<Stream> streams = new ArrayList<>();
    long[] arrived = new long[IDLE_CLIENTS];
    CountDownLatch all = new CountDownLatch(IDLE_CLIENTS);
    for (int i = 0; i < IDLE_CLIENTS; i++) {
      int index = i;
      streams.add(open(http, () -> {
        if (arrived[index] == 0) {
          arrived[index] = System.nanoTime();
          all.countDown();
        }
      }));
    }
    Thread.sleep(5_000);
    long sent = System.nanoTime();
    write.call();
    boolean reached = all.await(30, TimeUnit.SECONDS);
    List<Long> delays = new ArrayList<>();
    for (long at : arrived) {
      if (at != 0) {
        delays.add((at - sent) / 1_000);
      }
    }
    Collections.sort(delays);
    for (Stream stream : streams) {
      stream.close();
    }
    JsonObject result = new JsonObject().put("clients", IDLE_CLIENTS).put("reached", delays.size())
        .put("p50Ms", delays.isEmpty() ? null : delays.get(delays.size() / 2) / 1000.0)
        .put("maxMs", delays.isEmpty() ? null : delays.get(delays.size() - 1) / 1000.0);
    System.out.printf("feed         %,d idle SSE clients held 5 s; one write reached %,d of them (%s), p50 %s ms, last %s ms%n",
        IDLE_CLIENTS, delays.size(), reached ? "all" : "not all", result.getValue("p50Ms"), result.getValue("maxMs"));
    return result;
  }

  private interface Stream {
    void close();
  }

  /** A stream from the feed's present: each event it writes counts once. */
  private static Stream open(HttpClient http, Runnable onEvent) throws Exception {
    String after = head.call();
    var connection = http.request(new RequestOptions().setMethod(HttpMethod.GET).setURI("/v1/changes?after=" + after)
            .putHeader("accept", "text/event-stream"))
        .compose(request -> request.send().map(response -> {
          response.handler(chunk -> {
            // The service writes each delivery as one chunk, so an event's lines are never split.
            String text = chunk.toString();
            for (int at = text.indexOf("data: "); at >= 0; at = text.indexOf("data: ", at + 1)) {
              onEvent.run();
            }
          });
          return request;
        }))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return () -> connection.reset();
  }
}
