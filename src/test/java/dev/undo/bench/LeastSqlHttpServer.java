package dev.undo.bench;

import dev.undo.config.ServiceConfig;
import dev.undo.http.ApiVerticle;
import dev.undo.store.Database;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The least SQL of the toast cycle behind Vert.x's HTTP server alone: the least any HTTP service on
 * this machine can spend on a cycle, so the most the service's ratio to the least SQL can be. A JVM
 * of its own, run from the service's jar like {@link BareHttpServer}, with the API server's options
 * and event loops and, on each loop, a pipelined PostgreSQL client of the service's share of its pool.
 * {@code POST /least/{item}/{deletion}/delete} and {@code …/undo} run one step of the given statement
 * (least-sql-step.sql) and answer 204 when it wrote, 409 when it found nothing to change; no router,
 * meters, log, JSON or undo cache.
 *
 * <p>Arguments: port, event loops, database URL, connections per event loop, pipelining limit, the
 * resource of the step's SQL.
 */
public final class LeastSqlHttpServer {
  private LeastSqlHttpServer() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int eventLoops = Integer.parseInt(args[1]);
    String databaseUrl = args[2];
    PoolOptions share = new PoolOptions().setMaxSize(Integer.parseInt(args[3]));
    int pipeliningLimit = Integer.parseInt(args[4]);
    String step = read(args[5]);
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(eventLoops));
    vertx.deployVerticle(() -> new VerticleBase() {
      private SqlClient sql;

      @Override
      public Future<?> start() {
        sql = Database.pipelinedClient(vertx, share, databaseUrl, pipeliningLimit);
        return vertx.createHttpServer(ApiVerticle.serverOptions("127.0.0.1", port, ServiceConfig.from(new JsonObject()).http().idleTimeout()))
            .requestHandler(this::step)
            .listen();
      }

      private void step(HttpServerRequest request) {
        String[] path = request.path().split("/");
        boolean undo = path[4].equals("undo");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        sql.preparedQuery(step).execute(Tuple.of("default", UUID.fromString(path[2]), now, undo, UUID.fromString(path[3])))
            .onComplete(done -> request.response().setStatusCode(done.failed() ? 500 : done.result().rowCount() == 1 ? 204 : 409).end());
      }
    }, new DeploymentOptions().setInstances(eventLoops))
        .onSuccess(deployed -> System.out.println("ready"))
        .onFailure(failed -> {
          failed.printStackTrace();
          System.exit(1);
        });
  }

  private static String read(String resource) {
    try (InputStream in = LeastSqlHttpServer.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
