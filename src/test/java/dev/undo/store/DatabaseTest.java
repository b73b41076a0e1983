package dev.undo.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.RunningService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DatabaseTest {
  @RegisterExtension
  static final RunningService service = new RunningService();

  @Test
  void everyVerticleGetsAnEqualShareRoundedUpAndNeverNone() {
    assertThat(Database.share(8, 2)).isEqualTo(4);
    assertThat(Database.share(9, 2)).isEqualTo(5);
    assertThat(Database.share(1, 4)).isEqualTo(1);
    assertThat(Database.share(0, 2)).isEqualTo(1);
  }

  @Test
  void oneConnectionCarriesStatementsUpToThePipeliningLimit() throws Exception {
    assertThat(backendsAnswering(8, 8)).isEqualTo(1);
  }

  @Test
  void aPipeliningLimitOfOneGivesEachStatementInFlightItsOwnConnection() throws Exception {
    assertThat(backendsAnswering(4, 1)).isEqualTo(4);
  }

  /**
   * How many PostgreSQL backends answer {@code statements} statements sent at once from one event
   * loop through a client of four connections, one of them already open. Each statement sleeps, so
   * that all of them are in flight together.
   */
  private static int backendsAnswering(int statements, int pipeliningLimit) throws Exception {
    SqlClient client = Database.pipelinedClient(service.vertx(), new PoolOptions().setMaxSize(4), service.databaseUrl(),
        pipeliningLimit);
    try {
      Promise<Set<Integer>> backends = Promise.promise();
      service.vertx().getOrCreateContext().runOnContext(started -> client.preparedQuery("SELECT pg_backend_pid()").execute()
          .compose(opened -> {
            List<Future<Integer>> pids = new ArrayList<>();
            for (int i = 0; i < statements; i++) {
              pids.add(client.preparedQuery("SELECT pg_backend_pid() FROM pg_sleep(0.1)").execute()
                  .map(rows -> rows.iterator().next().getInteger(0)));
            }
            return Future.all(pids).map(all -> {
              Set<Integer> distinct = new HashSet<>();
              pids.forEach(pid -> distinct.add(pid.result()));
              return distinct;
            });
          })
          .onComplete(backends));
      return backends.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).size();
    } finally {
      client.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
