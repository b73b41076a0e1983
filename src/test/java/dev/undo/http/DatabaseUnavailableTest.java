package dev.undo.http;

import static dev.undo.http.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.Http;
import dev.undo.support.ProxiedService;
import dev.undo.support.TcpProxy;
import dev.undo.support.TestRedis;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PostgreSQL cut off behind a proxy: 503 with Retry-After, nothing half-written, recovery by itself. */
class DatabaseUnavailableTest {
  private static ProxiedService service;
  private static TcpProxy proxy;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    service = ProxiedService.start(new JsonObject()
        .put("UNDO_HTTP_INSTANCES", "1")
        .put("UNDO_DB_POOL_SIZE", "2")
        .put("UNDO_REDIS_URL", TestRedis.shared().url()));
    proxy = service.proxy();
    http = service.http();
    http.putJson("/v1/collections/notes", new JsonObject());
  }

  @AfterAll
  static void stop() throws Exception {
    service.close();
  }

  private static long tickets() throws Exception {
    Redis client = Redis.createClient(service.vertx(), TestRedis.shared().url());
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
    Http management = service.management();
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
    assertThat(service.management().get("/health/ready").status()).isEqualTo(200);
    assertThat(after.json().getInteger("version")).as("the DELETE during the outage wrote nothing").isEqualTo(1);
    assertThat(http.delete(path).status()).isEqualTo(204);
  }
}
