package dev.undo.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.Http;
import dev.undo.support.RunningService;
import dev.undo.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two replicas behind one PostgreSQL and one Redis: a user's undo may reach the other one. */
class MultiReplicaTest {
  private static final JsonObject REDIS = new JsonObject().put("UNDO_REDIS_URL", TestRedis.shared().url());

  @RegisterExtension
  static final RunningService a = new RunningService(REDIS);

  @RegisterExtension
  static final RunningService b = RunningService.replicaOf(a, REDIS);

  private static String link(Http.Response deleted) {
    String link = deleted.header("Link");
    return link.substring(1, link.indexOf('>'));
  }

  private String create() {
    a.http().putJson("/v1/collections/shared", new JsonObject());
    return "/v1/collections/shared/items/"
        + a.http().postJson("/v1/collections/shared/items", new JsonObject().put("on", "a")).json().getString("id");
  }

  @Test
  void bothReplicasUseTheRedisCache() {
    assertThat(a.application().undoCache().kind()).isEqualTo("redis");
    assertThat(b.application().undoCache().kind()).isEqualTo("redis");
  }

  @Test
  void deleteOnAUndoOnB() {
    String path = create();
    Http.Response deleted = a.http().delete(path);
    Http.Response undone = b.http().post(link(deleted));
    assertThat(undone.status()).isEqualTo(201);
    assertThat(a.http().get(path).json().getInteger("version")).isEqualTo(3);
  }

  @Test
  void aRepeatedDeleteOnBAnswersAsLink() {
    String path = create();
    Http.Response onA = a.http().delete(path);
    Http.Response onB = b.http().delete(path);
    assertThat(onB.status()).isEqualTo(204);
    assertThat(onB.header("Link")).isEqualTo(onA.header("Link"));
    assertThat(onB.header("Undo-Expires")).isEqualTo(onA.header("Undo-Expires"));
  }

  @Test
  void theSameUndoOnBothReplicasAtOnceRestoresOnce() throws Exception {
    for (int round = 0; round < 10; round++) {
      String path = create();
      String href = link(a.http().delete(path));
      CountDownLatch gate = new CountDownLatch(1);
      CompletableFuture<Http.Response> onA = CompletableFuture.supplyAsync(() -> await(gate, () -> a.http().post(href)));
      CompletableFuture<Http.Response> onB = CompletableFuture.supplyAsync(() -> await(gate, () -> b.http().post(href)));
      gate.countDown();
      List<Integer> statuses = List.of(onA.get().status(), onB.get().status());
      assertThat(statuses).as("round %d", round).containsOnlyOnce(201);
      assertThat(statuses).allSatisfy(status -> assertThat(status).isIn(201, 200, 409));
      assertThat(a.http().get(path).json().getInteger("version")).isEqualTo(3);
    }
  }

  private static Http.Response await(CountDownLatch gate, java.util.function.Supplier<Http.Response> call) {
    try {
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return call.get();
  }
}
