package dev.undo.store;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs one write statement and takes it again, on a fresh snapshot, when a concurrent writer got in
 * its way: the statement reported a race (its outcome RACE), or a unique key it was about to write was
 * committed meanwhile (23505). Each statement is atomic, so a statement that lost wrote nothing.
 * A row whose history partition is missing (23514) makes the partitions and tries again.
 */
final class StatementRunner {
  /**
   * Attempts before a write that keeps losing answers 409 state-conflict. Each attempt runs on a fresh
   * snapshot and loses only to a writer that committed meanwhile; with the outbox's event in every
   * write, twelve writers on one item (ConcurrencyTest) made four straight losses happen in about one
   * run in three, so the bound is eight.
   */
  static final int MAX_ATTEMPTS = 8;
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String DEADLOCK = "40P01";
  private static final String NO_PARTITION = "23514";

  private final SqlClient client;
  private final HistoryPartitions partitions;

  StatementRunner(SqlClient client, HistoryPartitions partitions) {
    this.client = client;
    this.partitions = partitions;
  }

  /** A statement, how to build its arguments for each attempt, and how to read its answer. */
  record Write<T>(String sql, Supplier<Tuple> args, Function<RowSet<Row>, T> read, Predicate<T> raced) {}

  /**
   * @param now the request's instant, for premaking a missing partition
   * @return the first answer whose outcome is not RACE, or the last one
   */
  <T> Future<T> write(Write<T> write, Instant now) {
    return attempt(write, now, 1);
  }

  private <T> Future<T> attempt(Write<T> write, Instant now, int attempt) {
    return client.preparedQuery(write.sql()).execute(write.args().get())
        .map(write.read())
        .transform(done -> {
          boolean last = attempt >= MAX_ATTEMPTS;
          if (done.succeeded()) {
            if (write.raced().test(done.result()) && !last) {
              return attempt(write, now, attempt + 1);
            }
            return Future.succeededFuture(done.result());
          }
          if (!last && done.cause() instanceof PgException pg) {
            switch (pg.getSqlState()) {
              case UNIQUE_VIOLATION, DEADLOCK:
                return attempt(write, now, attempt + 1);
              case NO_PARTITION:
                if (pg.getErrorMessage() != null && pg.getErrorMessage().startsWith("no partition")) {
                  return partitions.premake(now).compose(made -> attempt(write, now, attempt + 1));
                }
                break;
              default:
                break;
            }
          }
          return Future.failedFuture(done.cause());
        });
  }
}
