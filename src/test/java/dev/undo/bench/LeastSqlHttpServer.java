package dev.undo.bench;

import dev.undo.store.Database;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The least SQL of the toast cycle behind Vert.x's HTTP server alone: the least any HTTP service on
 * this machine can spend on a cycle, so the most the service's ratio to the least SQL can be. A JVM
 * of its own, run from the service's jar like {@link BareHttpServer} and served as it is, with, on
 * each event loop, a pipelined PostgreSQL client of the service's share of its pool.
 * {@code POST /least/{item}/{deletion}/delete} and {@code …/undo} run one step of least-sql-step.sql
 * and answer 204 when it wrote, 409 when it found nothing to change; no router, meters, log, JSON or
 * undo cache.
 *
 * <p>Arguments: port, event loops, database URL, connections per event loop, pipelining limit.
 */
public final class LeastSqlHttpServer {
  private LeastSqlHttpServer() {}

  public static void main(String[] args) {
    String databaseUrl = args[2];
    PoolOptions share = new PoolOptions().setMaxSize(Integer.parseInt(args[3]));
    int pipeliningLimit = Integer.parseInt(args[4]);
    BareHttpServer.serve(Integer.parseInt(args[0]), Integer.parseInt(args[1]), vertx -> {
      SqlClient sql = Database.pipelinedClient(vertx, share, databaseUrl, pipeliningLimit);
      return request -> {
        String[] path = request.path().split("/");
        boolean undo = path[4].equals("undo");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        sql.preparedQuery(ServiceBenchmark.Sql.LEAST_STEP)
            .execute(Tuple.of("default", UUID.fromString(path[2]), now, undo, UUID.fromString(path[3])))
            .onComplete(done -> request.response().setStatusCode(done.failed() ? 500 : done.result().rowCount() == 1 ? 204 : 409).end());
      };
    });
  }
}
