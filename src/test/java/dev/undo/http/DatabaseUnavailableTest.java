package dev.undo.http;

import static dev.undo.http.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.UndoApplication;
import dev.undo.config.ServiceConfig;
import dev.undo.support.Http;
import dev.undo.support.MutableClock;
import dev.undo.support.TcpProxy;
import dev.undo.support.TestPostgres;
import dev.undo.support.TestRedis;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PostgreSQL cut off behind a proxy: 503 with Retry-After, nothing half-written, recovery by itself. */
class DatabaseUnavailableTest {
  private static Vertx vertx;
  private static TcpProxy proxy;
  private static UndoApplication application;
  private static Http http;
  private static String databaseUrl;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    databaseUrl = TestPostgres.newDatabase();
    URI direct = URI.create(databaseUrl);
    proxy = TcpProxy.start(vertx, direct.getPort());
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    JsonObject settings = new JsonObject()
        .put("UNDO_DATABASE_URL", databaseUrl.replace(":" + direct.getPort() + "/", ":" + proxy.port() + "/"))
        .put("UNDO_HTTP_PORT", String.valueOf(port))
        .put("UNDO_HTTP_HOST", "127.0.0.1")
        .put("UNDO_HTTP_INSTANCES", "1")
        .put("UNDO_MANAGEMENT_PORT", "0")
        .put("UNDO_DB_POOL_SIZE", "2")
        .put("UNDO_REDIS_URL", TestRedis.shared().url());
    application = UndoApplication.start(vertx, ServiceConfig.from(settings), MutableClock.startingNow(), new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    http = new Http(port);
    http.putJson("/v1/collections/notes", new JsonObject());
  }

  @AfterAll
  static void stop() throws Exception {
    application.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    proxy.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static long tickets() throws Exception {
    Redis client = Redis.createClient(vertx, TestRedis.shared().url());
    try {
      return RedisAPI.api(client).keys("undo:ticket:*").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).size();
    } finally {
      client.close();
    }
  }

  @Test
  void requestsAre503WhileThePoolCannotReachPostgreSqlAndRecoverAfter() throws Exception {
    Http.Response created = http.postJson("/v1/collections/notes/items", new JsonObject().put("t", 1));
    String path = "/v1/collections/notes/items/" + created.json().getString("id");

    long ticketsBefore = tickets();
    proxy.cut();
    Http.Response get = http.get(path);
    assertProblem(get, 503);
    assertThat(get.header("Retry-After")).isEqualTo("5");
    assertProblem(http.delete(path), 503);
    assertThat(tickets()).as("no ticket for a delete that did not commit").isEqualTo(ticketsBefore);
    assertProblem(http.postJson("/v1/collections/notes/items", new JsonObject()), 503);
    Http management = new Http(application.managementPort());
    Http.Response notReady = management.get("/health/ready");
    assertThat(notReady.status()).as("readiness goes false").isEqualTo(503);
    assertThat(notReady.body()).contains("\"database\"").contains("DOWN");
    assertThat(management.get("/health/live").status()).isEqualTo(200);

    proxy.mend();
    Http.Response after = null;
    for (int i = 0; i < 50; i++) {
      after = http.get(path);
      if (after.status() == 200) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(after.status()).as("the pool reconnects by itself").isEqualTo(200);
    assertThat(new Http(application.managementPort()).get("/health/ready").status()).isEqualTo(200);
    assertThat(after.json().getInteger("version")).as("the DELETE during the outage wrote nothing").isEqualTo(1);
    assertThat(http.delete(path).status()).isEqualTo(204);
  }
}
