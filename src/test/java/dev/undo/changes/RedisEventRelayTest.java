package dev.undo.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.RunningService;
import dev.undo.support.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With Redis configured, the feed is appended to the stream {@code undo:events}: every event once, in
 * feed order, with two replicas relaying and the lease taken from under them again and again (so that
 * both append at once at times: what keeps an event from going twice is the position the append
 * checks, not the lease).
 */
class RedisEventRelayTest {
  private static final TestRedis REDIS = TestRedis.started();
  private static final JsonObject SETTINGS = new JsonObject().put("UNDO_REDIS_URL", REDIS.url()).put("UNDO_PURGE_INTERVAL", "PT1H");

  @RegisterExtension
  static final RunningService a = new RunningService(SETTINGS);

  @RegisterExtension
  static final RunningService b = RunningService.replicaOf(a, SETTINGS);

  private static final Vertx VERTX = Vertx.vertx();
  private static final RedisAPI redis = RedisAPI.api(Redis.createClient(VERTX, REDIS.url()));

  @AfterAll
  static void close() throws Exception {
    VERTX.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    REDIS.close();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void everyEventReachesTheStreamOnceInFeedOrderWhateverRelays() throws Exception {
    a.http().putJson("/v1/collections/relayed", new JsonObject());
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread thief = new Thread(() -> {
      while (writing.get()) {
        try {
          await(redis.del(List.of(RedisEventRelay.LEASE)));
          Thread.sleep(15);
        } catch (Exception e) {
          return;
        }
      }
    });
    thief.start();
    try {
      for (int i = 0; i < 150; i++) {
        var replica = i % 2 == 0 ? a : b;
        String id = replica.http().postJson("/v1/collections/relayed/items", new JsonObject().put("i", i)).json().getString("id");
        if (i % 3 == 0) {
          replica.http().delete("/v1/collections/relayed/items/" + id);
        }
      }
    } finally {
      writing.set(false);
      thief.join();
    }

    List<String> expected = a.sql("SELECT id::text AS id FROM events WHERE aggregatetype = 'relayed' ORDER BY event_xid, seq")
        .stream().map(row -> (String) row.get("id")).toList();
    String last = expected.get(expected.size() - 1);
    assertThat(eventually(() -> streamText().contains(last))).as("the last event relayed").isTrue();
    Thread.sleep(500);
    Response entries = await(redis.xrange(List.of(RedisEventRelay.STREAM, "-", "+")));
    List<String> relayed = new ArrayList<>();
    List<String> cursors = new ArrayList<>();
    for (Response entry : entries) {
      Response fields = entry.get(1);
      Map<String, String> values = new java.util.HashMap<>();
      for (int f = 0; f < fields.size(); f += 2) {
        values.put(fields.get(f).toString(), fields.get(f + 1).toString());
      }
      assertThat(values.get("tenant")).isEqualTo("default");
      JsonObject event = new JsonObject(values.get("event"));
      assertThat(values.get("item")).isEqualTo(event.getString("subject"));
      cursors.add(values.get("cursor"));
      if (event.getJsonObject("data").getString("collection").equals("relayed")) {
        relayed.add(event.getString("id"));
      }
    }
    assertThat(relayed).as("each event once, in feed order").isEqualTo(expected);
    assertThat(await(redis.hget(RedisEventRelay.POSITIONS, "default")).toString()).isEqualTo(cursors.get(cursors.size() - 1));
    assertThat(a.registry().scrape() + b.registry().scrape()).contains("undo_events_relay_lag_events", "undo_events_relay_lag_seconds");
  }

  @Test
  void anErasureTakesTheItemsDataOutOfTheStreamToo() throws Exception {
    a.http().putJson("/v1/collections/private", new JsonObject());
    String secret = "ida@private.example";
    String id = a.http().postJson("/v1/collections/private/items", new JsonObject().put("email", secret)).json().getString("id");
    a.http().putJson("/v1/collections/private/items/" + id, new JsonObject().put("email", secret).put("v", 2));
    assertThat(eventually(() -> streamText().contains(secret))).as("relayed with its data").isTrue();

    assertThat(b.http().post("/v1/collections/private/items/" + id + "/erase").status()).isEqualTo(204);
    assertThat(eventually(() -> streamText().contains("dev.undo.item.erased"))).isTrue();
    assertThat(streamText()).doesNotContain(secret);
  }

  private static boolean eventually(java.util.concurrent.Callable<Boolean> condition) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      if (condition.call()) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }

  private static String streamText() throws Exception {
    return await(redis.xrange(List.of(RedisEventRelay.STREAM, "-", "+"))).toString();
  }
}
