package dev.undo;

import dev.undo.config.ServiceConfig;
import dev.undo.domain.CollectionSettings;
import dev.undo.http.ApiRouter;
import dev.undo.http.ApiVerticle;
import dev.undo.service.Caller;
import dev.undo.service.CollectionService;
import dev.undo.service.ItemService;
import dev.undo.store.CollectionStore;
import dev.undo.store.Database;
import dev.undo.store.EmbeddedDatabase;
import dev.undo.store.HistoryPartitions;
import dev.undo.store.ItemStore;
import dev.undo.store.Migrations;
import dev.undo.store.ServiceKeys;
import dev.undo.retention.PartitionPurger;
import dev.undo.retention.PurgeVerticle;
import io.micrometer.core.instrument.MeterRegistry;
import dev.undo.metrics.UndoMetrics;
import dev.undo.undo.CaffeineUndoCache;
import dev.undo.undo.RedisEndpoints;
import dev.undo.undo.RedisUndoCache;
import dev.undo.undo.UndoCache;
import dev.undo.undo.UndoTokens;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: database (embedded or not), schema, pool, undo cache, services and
 * verticles, started in that order and stopped in reverse. {@link Main} runs one; tests run
 * several, each with its own clock.
 */
public final class UndoApplication {
  private static final Logger LOG = LoggerFactory.getLogger(UndoApplication.class);
  private static final String TOKEN_KEY_NAME = "undo-token";

  private final Vertx vertx;
  private final ServiceConfig config;
  private final Clock clock;
  private final MeterRegistry registry;
  private final List<String> deployments = new ArrayList<>();
  private EmbeddedDatabase embedded;
  private Pool pool;
  private UndoCache cache;

  private PurgeVerticle purge;

  private UndoApplication(Vertx vertx, ServiceConfig config, Clock clock, MeterRegistry registry) {
    this.vertx = vertx;
    this.config = config;
    this.clock = clock;
    this.registry = registry;
  }

  /** Starts everything; the future fails, with everything started so far stopped again, if any step fails. */
  public static Future<UndoApplication> start(Vertx vertx, ServiceConfig config, Clock clock, MeterRegistry registry) {
    UndoApplication application = new UndoApplication(vertx, config, clock, registry);
    return application.startAll()
        .map(ready -> application)
        .recover(failure -> application.stop().transform(stopped -> Future.failedFuture(failure)));
  }

  public ServiceConfig config() {
    return config;
  }

  public UndoCache undoCache() {
    return cache;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The purge verticle, whose {@link PurgeVerticle#tick()} runs a purge now. */
  public PurgeVerticle purge() {
    return purge;
  }

  private Future<Void> startAll() {
    long started = System.nanoTime();
    return databaseUrl()
        .compose(url -> vertx.executeBlocking(() -> {
          Migrations.migrate(url);
          return url;
        }))
        .compose(url -> {
          int eventLoops = config.httpInstances();
          pool = Database.pool(vertx, config.withDatabaseUrl(url), eventLoops);
          HistoryPartitions partitions =
              new HistoryPartitions(pool, config.premakeDays(), CollectionSettings.DEFAULT_RETENTION);
          UndoMetrics metrics = new UndoMetrics(registry);
          cache = config.redisUrl() == null
              ? new CaffeineUndoCache(config.undoCacheMaxTickets(), clock)
              : new RedisUndoCache(vertx,
                  RedisEndpoints.options(config.redisUrl(), config.redisPoolSize(), config.redisMaxWaiting()),
                  config.redisTimeout(), clock);
          return partitions.premake(clock.instant())
              .compose(made -> tokenKey())
              .compose(key -> {
                CollectionService collections = new CollectionService(new CollectionStore(pool, partitions), partitions, clock);
                ItemService items = new ItemService(new ItemStore(pool, partitions), cache, new UndoTokens(key), clock, metrics);
                return declareCollections(collections)
                    .compose(done -> deploy(collections, items, partitions));
              });
        })
        .onSuccess(done -> LOG.info("Undo Service ready on port {} in {} ms ({} undo cache, {} database)",
            config.httpPort(), (System.nanoTime() - started) / 1_000_000, cache.kind(),
            embedded != null ? "embedded" : "external"));
  }

  private Future<String> databaseUrl() {
    if (!config.embeddedDatabase()) {
      return Future.succeededFuture(config.databaseUrl());
    }
    return vertx.executeBlocking(() -> {
      embedded = EmbeddedDatabase.start(config.dataDir());
      LOG.info("Embedded PostgreSQL on port {} with data in {}", embedded.port(), config.dataDir().toAbsolutePath());
      return embedded.url();
    });
  }

  private Future<byte[]> tokenKey() {
    return config.tokenKey() != null
        ? Future.succeededFuture(config.tokenKey())
        : new ServiceKeys(pool).getOrCreate(TOKEN_KEY_NAME);
  }

  /** Collections declared in the configuration file are created or updated, one after another. */
  private Future<Void> declareCollections(CollectionService collections) {
    Future<Void> chain = Future.succeededFuture();
    for (CollectionSettings declared : config.collections()) {
      chain = chain.compose(previous -> collections.put(Caller.anonymous(), declared)
          .recover(failure -> Future.failedFuture(new IllegalStateException(
              "collection '" + declared.name() + "' from the configuration: " + failure.getMessage(), failure)))
          .mapEmpty());
    }
    return chain;
  }

  private Future<Void> deploy(CollectionService collections, ItemService items, HistoryPartitions partitions) {
    Future<String> api = vertx.deployVerticle(
        () -> new ApiVerticle(config.httpHost(), config.httpPort(),
            v -> ApiRouter.create(v, config, collections, items)),
        new DeploymentOptions().setInstances(config.httpInstances()));
    return api.onSuccess(deployments::add)
        .compose(id -> {
          purge = new PurgeVerticle(
              new PartitionPurger(pool, partitions, config.purgeLockTimeout(), clock),
              config.purgeInterval(), registry, clock);
          return vertx.deployVerticle(purge);
        })
        .onSuccess(deployments::add)
        .mapEmpty();
  }

  /** Stops the verticles, then the pool, the cache and the embedded PostgreSQL. */
  public Future<Void> stop() {
    Future<Void> chain = Future.succeededFuture();
    for (String deployment : deployments) {
      chain = chain.compose(done -> vertx.undeploy(deployment).otherwiseEmpty());
    }
    deployments.clear();
    return chain
        .compose(done -> pool == null ? Future.<Void>succeededFuture() : pool.close().otherwiseEmpty())
        .compose(done -> cache == null ? Future.<Void>succeededFuture() : cache.close().otherwiseEmpty())
        .compose(done -> embedded == null ? Future.<Void>succeededFuture() : vertx.<Void>executeBlocking(() -> {
          embedded.close();
          return null;
        }));
  }
}
