package dev.undo.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.config.ServiceConfig;
import dev.undo.support.RunningService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
  void theApiClientCarriesStatementsOnOneConnectionUpToThePipeliningLimit() throws Exception {
    assertThat(backendsAnswering(8, apiClient(new JsonObject()))).isEqualTo(1);
  }

  @Test
  void aPipeliningLimitOfOneGivesEachStatementInFlightItsOwnConnection() throws Exception {
    assertThat(backendsAnswering(4, apiClient(new JsonObject().put("UNDO_DB_PIPELINING_LIMIT", "1")))).isEqualTo(4);
  }

  /** The client one of two API verticles gets from a pool of 8: four connections. */
  private static SqlClient apiClient(JsonObject settings) {
    ServiceConfig config = ServiceConfig.from(settings.copy()
        .put("UNDO_DATABASE_URL", service.databaseUrl()).put("UNDO_DB_POOL_SIZE", "8"));
    return Database.apiClient(service.vertx(), config.database(), 2);
  }

  /**
   * How many PostgreSQL backends answer {@code statements} statements sent at once from one event
   * loop through the client, one of whose connections is already open. Each statement sleeps, so that
   * all of them are in flight together.
   */
  private static int backendsAnswering(int statements, SqlClient client) throws Exception {
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

  /**
   * The longest statement of sql/ stays prepared on its connection: the client's default left every
   * statement over 2,048 characters out of its cache, to be parsed and planned at every execution.
   */
  @Test
  void theLongestStatementStaysPreparedOnItsConnection() throws Exception {
    String longest;
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/sql"))) {
      longest = files.map(DatabaseTest::read).max(Comparator.comparingInt(String::length)).orElseThrow();
    }
    assertThat(longest.length()).isGreaterThan(2_048).isLessThanOrEqualTo(Database.CACHED_STATEMENT_MAX_LENGTH);
    // A statement of that length that writes nothing: a SELECT with the longest's lines as comments.
    String statement = "SELECT 1 AS one\n" + longest.lines().map(line -> "-- " + line).collect(Collectors.joining("\n"));
    SqlClient client = apiClient(new JsonObject().put("UNDO_DB_POOL_SIZE", "2"));
    try {
      Promise<Long> prepared = Promise.promise();
      service.vertx().getOrCreateContext().runOnContext(started -> client.preparedQuery(statement).execute()
          .compose(ran -> client.preparedQuery("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1")
              .execute(Tuple.of(statement)))
          .map(rows -> rows.iterator().next().getLong(0))
          .onComplete(prepared));
      assertThat(prepared.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo(1L);
    } finally {
      client.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
