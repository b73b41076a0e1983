package dev.undo;

import dev.undo.changes.ChangeFeed;
import dev.undo.changes.RedisEventRelay;
import dev.undo.config.DeclaredCollection;
import dev.undo.config.HttpConfig;
import dev.undo.config.ServiceConfig;
import dev.undo.domain.CollectionSettings;
import dev.undo.http.ApiRouter;
import dev.undo.auth.DevelopmentToken;
import dev.undo.auth.JwtAuthenticator;
import dev.undo.http.ApiAccess;
import dev.undo.http.ApiVerticle;
import dev.undo.service.Caller;
import dev.undo.service.CollectionService;
import dev.undo.service.DeletionService;
import dev.undo.service.HoldService;
import dev.undo.service.ItemService;
import dev.undo.store.CollectionStore;
import dev.undo.store.Database;
import dev.undo.store.DeletionStore;
import dev.undo.store.EmbeddedDatabase;
import dev.undo.store.HistoryPartitions;
import dev.undo.store.FeedStore;
import dev.undo.store.HoldStore;
import dev.undo.store.ItemStore;
import dev.undo.store.Migrations;
import dev.undo.store.ServiceKeys;
import dev.undo.domain.UuidV7;
import dev.undo.retention.PartitionPurger;
import dev.undo.retention.PurgeVerticle;
import dev.undo.ops.ManagementVerticle;
import dev.undo.ops.Readiness;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.undo.metrics.UndoMetrics;
import dev.undo.undo.CaffeineUndoCache;
import dev.undo.undo.RedisEndpoints;
import dev.undo.undo.RedisUndoCache;
import dev.undo.undo.TenantBoundedUndoCache;
import dev.undo.undo.UndoCache;
import dev.undo.undo.UndoOffers;
import dev.undo.undo.TicketedUndoOffers;
import dev.undo.undo.UndoTokens;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: database (embedded or not), schema, maintenance pool, undo cache, services and
 * verticles, started in that order and stopped in reverse. {@link Main} runs one; tests run
 * several, each with its own clock.
 */
public final class UndoApplication {
  private static final Logger LOG = LoggerFactory.getLogger(UndoApplication.class);
  private static final String TOKEN_KEY_NAME = "undo-token";

  private final Vertx vertx;
  private final ServiceConfig config;
  private final Clock clock;
  private final PrometheusMeterRegistry registry;
  private final List<String> deployments = new ArrayList<>();
  private EmbeddedDatabase embedded;
  private Pool maintenancePool;
  private ChangeFeed feed;
  private SqlClient feedClient;
  private RedisEventRelay relay;
  private JwtAuthenticator authenticator;
  private UndoCache cache;

  private PurgeVerticle purge;
  private ManagementVerticle management;
  private final Readiness readiness = new Readiness();
  private final List<String> apiDeployments = new ArrayList<>();

  private UndoApplication(Vertx vertx, ServiceConfig config, Clock clock, PrometheusMeterRegistry registry) {
    this.vertx = vertx;
    this.config = config;
    this.clock = clock;
    this.registry = registry;
  }

  /** Starts everything; the future fails, with everything started so far stopped again, if any step fails. */
  public static Future<UndoApplication> start(Vertx vertx, ServiceConfig config, Clock clock, PrometheusMeterRegistry registry) {
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

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public Readiness readiness() {
    return readiness;
  }

  /** The management port as bound (the configured one, or the one chosen for port 0). */
  public int managementPort() {
    return management.actualPort();
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
          ServiceConfig connected = config.withDatabaseUrl(url);
          maintenancePool = Database.maintenancePool(vertx, url);
          HistoryPartitions partitions =
              new HistoryPartitions(maintenancePool, config.retention().premakeDays(), config.retention().partitionDays(), CollectionSettings.DEFAULT_RETENTION);
          UndoMetrics metrics = new UndoMetrics(registry, config.tenants().metricLabels());
          cache = !config.redis().configured()
              ? caffeine(config.undo().cacheMaxTickets())
              : new RedisUndoCache(vertx,
                  RedisEndpoints.options(config.redis().url(), config.redis().poolSize(), config.redis().maxWaiting()),
                  config.redis().timeout(), clock);
          metrics.watchCache(cache.kind());
          return partitions.premake(clock.instant())
              .compose(made -> tokenKey())
              .compose(key -> {
                feedClient = Database.feedClient(vertx, connected.database());
                feed = new ChangeFeed(vertx, new FeedStore(feedClient),
                    config.events().pollInterval(), registry);
                feed.start();
                if (config.redis().configured()) {
                  relay = new RedisEventRelay(vertx,
                      RedisEndpoints.options(config.redis().url(), 2, config.redis().maxWaiting()),
                      new FeedStore(feedClient), config.events().pollInterval(), clock, registry);
                  relay.start();
                }
                UndoCache tickets = config.tenants().maxOpenTickets() == 0 ? cache
                    : new TenantBoundedUndoCache(cache, config.tenants().maxOpenTickets(), clock, registry);
                Services services = new Services(partitions, tickets, new UndoTokens(key), new UuidV7(clock), clock, metrics,
                    config.undo().maxDeletionItems(), feed);
                return declareCollections(services.collections(maintenancePool), metrics)
                    .compose(done -> access())
                    .compose(access -> deploy(connected, services, access));
              });
        })
        .onSuccess(done -> {
          readiness.started();
          LOG.info("Undo Service ready on port {} (management {}) in {} ms ({} undo cache, {} database, {} transport)",
              config.http().port(), management.actualPort(), (System.nanoTime() - started) / 1_000_000, cache.kind(),
              embedded != null ? "embedded" : "external", transport());
        });
  }

  private String transport() {
    if (vertx.isNativeTransportEnabled()) {
      return "native";
    }
    Throwable cause = vertx.unavailableNativeTransportCause();
    return "NIO" + (cause == null ? "" : " (native unavailable: " + cause.getMessage() + ")");
  }

  /** Caffeine, with its statistics and the number of open tickets as meters. */
  private CaffeineUndoCache caffeine(long maximumSize) {
    CaffeineUndoCache caffeine = new CaffeineUndoCache(maximumSize, clock);
    // Caffeine counts loads, not puts, and Micrometer reports those as cache_puts_total: always 0
    // here, where tickets are put, never loaded. undo_cache_puts_total counts the puts instead.
    CaffeineCacheMetrics.monitor(registry, caffeine.underlying(), "undo_tickets");
    Gauge.builder("undo.open.tickets", caffeine.underlying(), tickets -> tickets.estimatedSize())
        .description("Undo tickets in the cache (their windows are open)")
        .register(registry);
    return caffeine;
  }

  private Future<String> databaseUrl() {
    if (!config.database().embedded()) {
      return Future.succeededFuture(config.database().url());
    }
    return vertx.executeBlocking(() -> {
      embedded = EmbeddedDatabase.start(config.database().dataDir());
      LOG.info("Embedded PostgreSQL on port {} with data in {}", embedded.port(), config.database().dataDir().toAbsolutePath());
      return embedded.url();
    });
  }

  /** Who may call the API: with UNDO_AUTH=jwt, once the signing keys are read. */
  private Future<ApiAccess> access() {
    if (!config.auth().jwt()) {
      return Future.succeededFuture(new ApiAccess(null, config.http().actorHeader(), config.tenants()));
    }
    return JwtAuthenticator.start(vertx, config.auth()).map(authenticator -> {
      this.authenticator = authenticator;
      if (config.auth().secret() != null) {
        String token = DevelopmentToken.sign(vertx, config.auth());
        LOG.info("Development token (HS256, tenant {}, every scope, valid for a day): {}  (demo: http://localhost:{}/#token={})",
            DevelopmentToken.TENANT, token, config.http().port(), token);
      }
      return new ApiAccess(authenticator, null, config.tenants());
    });
  }

  private Future<byte[]> tokenKey() {
    return config.undo().tokenKey() != null
        ? Future.succeededFuture(config.undo().tokenKey())
        : new ServiceKeys(maintenancePool).getOrCreate(TOKEN_KEY_NAME);
  }

  /**
   * Collections declared in the configuration file are created or updated, one after another, and
   * their counters registered at zero.
   */
  private Future<Void> declareCollections(CollectionService collections, UndoMetrics metrics) {
    Future<Void> chain = Future.succeededFuture();
    for (DeclaredCollection declared : config.collections()) {
      metrics.watchCollection(declared.tenant(), declared.settings().name());
      chain = chain.compose(previous -> collections.put(new Caller(declared.tenant(), null), declared.settings())
          .recover(failure -> Future.failedFuture(new IllegalStateException("collection '" + declared.settings().name()
              + "' of tenant " + declared.tenant() + " from the configuration: " + failure.getMessage(), failure)))
          .mapEmpty());
    }
    return chain;
  }

  /** What the services share across verticles; each API verticle binds them to its own client. */
  private record Services(
      HistoryPartitions partitions, UndoCache cache, UndoTokens tokens, UuidV7 ids, Clock clock, UndoMetrics metrics,
      int maxDeletionItems, ChangeFeed feed) {
    CollectionService collections(SqlClient client) {
      return new CollectionService(new CollectionStore(client, partitions), partitions, clock);
    }

    /** The API's routes over one verticle's client, its services sharing one set of undo offers. */
    Router router(Vertx vertx, HttpConfig http, ApiAccess access, SqlClient client) {
      DeletionStore deletions = new DeletionStore(client, partitions, maxDeletionItems);
      UndoOffers offers = new TicketedUndoOffers(tokens, cache, deletions, metrics);
      return ApiRouter.create(vertx, http, access, collections(client),
          new ItemService(new ItemStore(client, partitions, maxDeletionItems), offers, ids, clock, metrics),
          new DeletionService(deletions, offers, ids, clock, metrics), new HoldService(new HoldStore(client), clock), feed);
    }
  }

  /**
   * The management port and the purge first, the API last: the API port opens only once everything
   * else has started, so that a request reaching a service that is still starting (a restart, say)
   * finds its connection refused rather than waiting on event loops that are busy starting up.
   */
  private Future<Void> deploy(ServiceConfig connected, Services services, ApiAccess access) {
    int verticles = config.http().instances();
    management = new ManagementVerticle(config.management().host(), config.management().port(), registry, maintenancePool, cache, readiness);
    return vertx.deployVerticle(management)
        .onSuccess(deployments::add)
        .compose(id -> {
          purge = new PurgeVerticle(
              new PartitionPurger(maintenancePool, services.partitions(), config.retention().lockTimeout(),
                  config.events().retention(), clock),
              config.retention().purgeInterval(), registry, clock);
          return vertx.deployVerticle(purge);
        })
        .onSuccess(deployments::add)
        .compose(id -> vertx.deployVerticle(
            () -> new ApiVerticle(config.http(),
                v -> Database.apiClient(v, connected.database(), verticles),
                (v, client) -> services.router(v, config.http(), access, client)),
            new DeploymentOptions().setInstances(verticles)))
        .onSuccess(apiDeployments::add)
        .mapEmpty();
  }


  /**
   * Stops gracefully: readiness turns false, the API servers stop taking connections and give the
   * requests in flight up to the grace period and close their pools, then the management server, the purge, the maintenance pool, the
   * cache and the embedded PostgreSQL stop.
   */
  public Future<Void> stop() {
    readiness.draining();
    Future<Void> chain = Future.succeededFuture();
    for (String deployment : apiDeployments) {
      chain = chain.compose(done -> vertx.undeploy(deployment).otherwiseEmpty());
    }
    apiDeployments.clear();
    for (String deployment : deployments) {
      chain = chain.compose(done -> vertx.undeploy(deployment).otherwiseEmpty());
    }
    deployments.clear();
    if (feed != null) {
      feed.stop();
    }
    return chain
        .compose(done -> relay == null ? Future.<Void>succeededFuture() : relay.stop().otherwiseEmpty())
        .compose(done -> authenticator == null ? Future.<Void>succeededFuture() : authenticator.close().otherwiseEmpty())
        .compose(done -> feedClient == null ? Future.<Void>succeededFuture() : feedClient.close().otherwiseEmpty())
        .compose(done -> maintenancePool == null ? Future.<Void>succeededFuture() : maintenancePool.close().otherwiseEmpty())
        .compose(done -> cache == null ? Future.<Void>succeededFuture() : cache.close().otherwiseEmpty())
        .compose(done -> embedded == null ? Future.<Void>succeededFuture() : vertx.<Void>executeBlocking(() -> {
          embedded.close();
          return null;
        }));
  }
}
