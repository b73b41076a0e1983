package dev.undo.ops;

import dev.undo.config.ConfigException;
import dev.undo.http.Problem;
import dev.undo.http.ProblemType;
import dev.undo.store.SqlStatements;
import dev.undo.undo.RedisUndoCache;
import dev.undo.undo.UndoCache;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;

/**
 * The management port, for Kubernetes and Prometheus only: {@code /metrics}, {@code /health/live}
 * and {@code /health/ready}. The API port serves none of them.
 *
 * <p>Ready means: start-up finished (migrations ran), PostgreSQL answers, and the service is not
 * draining for shutdown. The undo cache is reported too, but always as UP: without it requests still
 * succeed (PostgreSQL holds every deadline), so an outage must not take replicas out of service.
 */
public final class ManagementVerticle extends VerticleBase {
  /** The management port's routes; their requests stay out of the HTTP server meters (see UndoVertx). */
  private static final String METRICS = "/metrics";
  private static final String LIVE = "/health/live";
  private static final String READY = "/health/ready";
  static final java.util.Set<String> ROUTES = java.util.Set.of(METRICS, LIVE, READY);
  private static final long DATABASE_CHECK_TIMEOUT_MS = 2000;
  private static final String READINESS = SqlStatements.load("readiness");

  private final String host;
  private final int port;
  private final PrometheusMeterRegistry registry;
  private final Pool pool;
  private final UndoCache cache;
  private final Readiness readiness;
  private HttpServer server;

  public ManagementVerticle(
      String host, int port, PrometheusMeterRegistry registry, Pool pool, UndoCache cache, Readiness readiness) {
    this.host = host;
    this.port = port;
    this.registry = registry;
    this.pool = pool;
    this.cache = cache;
    this.readiness = readiness;
  }

  @Override
  public Future<?> start() {
    HealthChecks live = HealthChecks.create(vertx)
        .register("event-loop", promise -> promise.complete(Status.OK()));
    HealthChecks ready = HealthChecks.create(vertx)
        .register("started", promise -> promise.complete(readiness.isStarted() ? Status.OK() : Status.KO()))
        .register("accepting-traffic", promise -> promise.complete(readiness.isDraining() ? Status.KO() : Status.OK()))
        // The check answers by itself before the health check's own timeout, which would answer 500
        // (a check that could not run) rather than 503 (not ready) when PostgreSQL hangs.
        .register("database", DATABASE_CHECK_TIMEOUT_MS, promise -> pool.query(READINESS).execute()
            .timeout(DATABASE_CHECK_TIMEOUT_MS / 2, TimeUnit.MILLISECONDS)
            .onSuccess(rows -> promise.complete(Status.OK()))
            .onFailure(failure -> promise.complete(Status.KO(new JsonObject().put("error", failure.toString())))))
        .register("undo-cache", promise -> promise.complete(Status.OK(new JsonObject()
            .put("kind", cache.kind())
            .put("reachable", !(cache instanceof RedisUndoCache redis) || redis.reachable()))));

    Router router = Router.router(vertx);
    router.get(METRICS).handler(PrometheusScrapingHandler.create(registry));
    router.get(LIVE).handler(HealthCheckHandler.createWithHealthChecks(live));
    router.get(READY).handler(HealthCheckHandler.createWithHealthChecks(ready));
    // What the port does not serve is problem+json as on the API port, not Vert.x Web's HTML page.
    String detail = "the management port serves GET " + String.join(", ", ROUTES);
    router.errorHandler(404, ctx -> Problem.send(ctx.response(), Problem.of(ProblemType.NOT_FOUND, detail)));
    router.errorHandler(405, ctx -> Problem.send(ctx.response(), Problem.of(ProblemType.METHOD_NOT_ALLOWED, detail)));
    server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port)
        // Prometheus and the kubelet speak HTTP/1.1; nothing here needs an h2c upgrade.
        .setHttp2ClearTextEnabled(false));
    return server.requestHandler(router).listen()
        .recover(failure -> Future.failedFuture(ConfigException.cannotListen(host, port, "UNDO_MANAGEMENT_PORT", failure)));
  }

  public int actualPort() {
    return server.actualPort();
  }
}
