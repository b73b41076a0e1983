package dev.undo.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.undo.support.Http;
import dev.undo.support.RunningService;
import dev.undo.support.TestRedis;
import dev.undo.undo.RedisUndoCache;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** The Redis undo cache goes away and comes back; no answer changes, and the service heals by itself. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisFaultTest {
  private static final TestRedis redis = TestRedis.started();

  @RegisterExtension
  static final RunningService service = new RunningService(new JsonObject()
      .put("UNDO_REDIS_URL", redis.url()).put("UNDO_REDIS_TIMEOUT", "PT0.3S"));

  private static final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  static {
    Logger logger = (Logger) LoggerFactory.getLogger(RedisUndoCache.class);
    logger.addAppender(logs);
    logger.setLevel(Level.INFO);
    logs.start();
  }

  private final Http http = service.http();

  @AfterAll
  static void stopRedis() {
    redis.close();
    probe.close();
  }

  @BeforeEach
  void collection() {
    http.putJson("/v1/collections/faults", new JsonObject());
  }

  private String create() {
    return "/v1/collections/faults/items/" + http.postJson("/v1/collections/faults/items", new JsonObject()).json().getString("id");
  }

  private static String undoLink(Http.Response deleted) {
    String link = deleted.header("Link");
    assertThat(link).as(deleted.toString()).isNotNull();
    return link.substring(1, link.indexOf('>'));
  }

  private double counter(String name, String... tags) {
    var counter = service.registry().find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  private static final io.vertx.core.Vertx probe = io.vertx.core.Vertx.vertx();

  private long ticketsInRedis() throws Exception {
    Redis client = Redis.createClient(probe, redis.url());
    try {
      return RedisAPI.api(client).keys("undo:ticket:*").toCompletionStage().toCompletableFuture()
          .get(5, TimeUnit.SECONDS).size();
    } catch (java.util.concurrent.ExecutionException notYet) {
      return 0;
    } finally {
      client.close();
    }
  }

  private List<String> warnings() {
    return logs.list.stream().filter(event -> event.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  @Order(1)
  void whileRedisIsDownDeletesAndUndosStillSucceedFromPostgreSql() {
    String before = create();
    String beforeHref = undoLink(http.delete(before));
    double fallbacks = counter("undo.cache.fallbacks");
    double errors = counter("undo.cache.errors", "cache", "redis");
    logs.list.clear();

    redis.stop();
    String during = create();
    Http.Response deleted = http.delete(during);
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(http.post(undoLink(deleted)).status()).isEqualTo(201);
    assertThat(http.post(beforeHref).status()).isEqualTo(201);
    for (int i = 0; i < 5; i++) {
      assertThat(http.delete(create()).status()).isEqualTo(204);
    }

    assertThat(counter("undo.cache.fallbacks")).isEqualTo(fallbacks + 2);
    Http.Response ready = service.management().get("/health/ready");
    assertThat(ready.status()).as("a cache outage does not fail readiness").isEqualTo(200);
    assertThat(ready.body()).contains("\"reachable\":false");
    assertThat(counter("undo.cache.errors", "cache", "redis")).isGreaterThanOrEqualTo(errors + 8);
    assertThat(warnings()).as("one log line for the whole outage").hasSize(1);
    assertThat(warnings().get(0)).contains("unreachable");
  }

  @Test
  @Order(2)
  void whenRedisComesBackEmptyTheServiceReconnectsAndOldUndosStillWork() throws Exception {
    String duringOutage = create();
    String duringHref = undoLink(http.delete(duringOutage));
    redis.start();

    // The pool connects again by itself: a new deletion's ticket lands in Redis.
    String after = null;
    String afterHref = null;
    for (int attempt = 0; attempt < 50 && ticketsInRedis() == 0; attempt++) {
      after = create();
      afterHref = undoLink(http.delete(after));
      Thread.sleep(100);
    }
    assertThat(ticketsInRedis()).isPositive();
    assertThat(logs.list.stream().map(ILoggingEvent::getFormattedMessage)).anyMatch(line -> line.contains("reachable again"));

    double fallbacks = counter("undo.cache.fallbacks");
    assertThat(http.post(afterHref).status()).isEqualTo(201);
    assertThat(counter("undo.cache.fallbacks")).as("served from the cache").isEqualTo(fallbacks);
    assertThat(http.post(duringHref).status()).isEqualTo(201);
    assertThat(counter("undo.cache.fallbacks")).as("the outage's deletion, from PostgreSQL").isEqualTo(fallbacks + 1);
  }

  @Test
  @Order(3)
  void aCrashBetweenTheCommitAndTheCachePutLosesNothing() throws Exception {
    String path = create();
    Http.Response deleted = http.delete(path);
    // What a process killed right after the commit leaves behind: the tombstone, and no ticket.
    Redis client = Redis.createClient(probe, redis.url());
    try {
      RedisAPI.api(client).flushall(List.of()).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } finally {
      client.close();
    }
    Http.Response repeated = http.delete(path);
    assertThat(repeated.header("Link")).isEqualTo(deleted.header("Link"));
    assertThat(http.post(undoLink(deleted)).status()).isEqualTo(201);
  }
}
