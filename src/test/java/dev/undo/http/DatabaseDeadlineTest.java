package dev.undo.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.Http;
import dev.undo.support.ProxiedService;
import dev.undo.support.TcpProxy;
import dev.undo.support.TestPostgres;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL that hangs (a proxy holding every byte, as SIGSTOP would), that drops its connections
 * under load, or that is slow: every request is answered, 503 with Retry-After, within its deadline.
 */
class DatabaseDeadlineTest {
  private static final long DEADLINE_MS = 1000;
  private static ProxiedService service;
  private static TcpProxy proxy;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    service = ProxiedService.start(new JsonObject()
        .put("UNDO_HTTP_INSTANCES", "2")
        .put("UNDO_DB_POOL_SIZE", "2")
        .put("UNDO_HTTP_REQUEST_TIMEOUT", "PT" + DEADLINE_MS / 1000.0 + "S")
        .put("UNDO_DB_STATEMENT_TIMEOUT", "PT0.5S"));
    proxy = service.proxy();
    http = service.http();
    http.putJson("/v1/collections/notes", new JsonObject());
  }

  @AfterEach
  void heal() throws Exception {
    proxy.thaw();
    proxy.mend();
    awaitAnswering();
  }

  @AfterAll
  static void stop() throws Exception {
    service.close();
  }

  private static String create() {
    return "/v1/collections/notes/items/" + http.postJson("/v1/collections/notes/items", new JsonObject().put("t", 1)).json().getString("id");
  }

  private static void awaitAnswering() throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      if (http.get("/v1/collections/notes").status() == 200) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the service did not recover");
  }

  @Test
  void aFrozenDatabaseAnswers503WithinTheDeadlineAndReadinessSays503() throws Exception {
    String item = create();
    proxy.freeze();
    ExecutorService clients = Executors.newFixedThreadPool(16);
    List<Future<long[]>> answers = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      int n = i;
      answers.add(clients.submit(() -> {
        long started = System.nanoTime();
        Http.Response response = switch (n % 3) {
          case 0 -> http.get(item);
          case 1 -> http.postJson("/v1/collections/notes/items", new JsonObject());
          default -> http.delete(item);
        };
        assertThat(response.header("Retry-After")).as(response.toString()).isNotNull();
        return new long[] {response.status(), (System.nanoTime() - started) / 1_000_000};
      }));
    }
    for (Future<long[]> answer : answers) {
      long[] statusAndMillis = answer.get(10, TimeUnit.SECONDS);
      assertThat(statusAndMillis[0]).isEqualTo(503);
      assertThat(statusAndMillis[1]).as("answered within the deadline and a margin").isLessThan(DEADLINE_MS + 1500);
    }
    clients.shutdown();
    Http management = service.management();
    Http.Response ready = management.get("/health/ready");
    assertThat(ready.status()).as(ready.toString()).isEqualTo(503);
    assertThat(management.get("/health/live").status()).isEqualTo(200);
  }

  @Test
  void connectionsDroppedUnderLoadAnswer503NeverA500() throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService clients = Executors.newFixedThreadPool(16);
    List<Future<List<Integer>>> load = new ArrayList<>();
    for (int c = 0; c < 16; c++) {
      load.add(clients.submit(() -> {
        List<Integer> statuses = new ArrayList<>();
        while (running.get()) {
          Http.Response created = http.postJson("/v1/collections/notes/items", new JsonObject().put("load", true));
          statuses.add(created.status());
          if (created.status() == 201) {
            statuses.add(http.delete("/v1/collections/notes/items/" + created.json().getString("id")).status());
          }
        }
        return statuses;
      }));
    }
    Thread.sleep(500);
    proxy.cut();
    Thread.sleep(300);
    proxy.mend();
    Thread.sleep(300);
    proxy.cut();
    Thread.sleep(300);
    running.set(false);
    List<Integer> all = new ArrayList<>();
    for (Future<List<Integer>> client : load) {
      all.addAll(client.get(30, TimeUnit.SECONDS));
    }
    clients.shutdown();
    assertThat(all).contains(503).allSatisfy(status -> assertThat(status).isIn(201, 204, 503));
  }

  @Test
  void aStatementOverTheStatementTimeoutIsCancelledAnswers503AndWritesNothing() throws Exception {
    String item = create();
    String id = item.substring(item.lastIndexOf('/') + 1);
    try (Connection locker = TestPostgres.connect(service.databaseUrl())) {
      locker.setAutoCommit(false);
      locker.createStatement().execute("SELECT 1 FROM items WHERE id = '" + id + "' FOR UPDATE");
      long started = System.nanoTime();
      Http.Response put = http.putJson(item, new JsonObject().put("t", 2));
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertThat(put.status()).as(put.toString()).isEqualTo(503);
      assertThat(millis).as("PostgreSQL cancelled it before the service's own deadline").isLessThan(DEADLINE_MS);
      locker.rollback();
    }
    assertThat(http.get(item).json().getInteger("version")).isEqualTo(1);
  }
}
