package dev.undo.store;

import dev.undo.config.ConfigException;
import dev.undo.config.DatabaseConfig;
import dev.undo.config.ServiceConfig;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import java.util.Properties;

/** The reactive clients and pools of the service, and the JDBC coordinates Flyway needs for the same server. */
public final class Database {
  private Database() {}

  /**
   * The longest statement the clients keep prepared. The client's default, 2,048 characters, left out
   * the longer statements of sql/ (collection-put.sql, deletion-restore.sql), which PostgreSQL then
   * parsed and planned at every execution: for a statement of the toast's size, about 0.5 ms of its
   * CPU a call. Every statement of sql/ fits ({@code DatabaseTest}).
   */
  static final int CACHED_STATEMENT_MAX_LENGTH = 16_384;

  public static PgConnectOptions connectOptions(String url) {
    try {
      return PgConnectOptions.fromUri(url)
          .setCachePreparedStatements(true)
          .setPreparedStatementCacheSqlLimit(CACHED_STATEMENT_MAX_LENGTH)
          .addProperty("application_name", "undo-service")
          .addProperty("TimeZone", "UTC");
    } catch (RuntimeException e) {
      throw new ConfigException("UNDO_DATABASE_URL is not a postgresql:// URL: " + e.getMessage());
    }
  }

  /** The name of the API verticles' clients' pools in the meters: requests' statements and nothing else. */
  public static final String API_POOL = "undo-pg";
  /** The name of the pool for start-up, readiness checks, partition upkeep and the purge. */
  private static final String MAINTENANCE_POOL = "undo-pg-maintenance";
  private static final int MAINTENANCE_CONNECTIONS = 3;
  /** The name of the change feed's pool: its pages, and the one poller that serves every waiting reader. */
  private static final String FEED_POOL = "undo-pg-feed";
  private static final int FEED_CONNECTIONS = 2;

  /**
   * The client of one API verticle, over its share of {@code database.poolSize} connections. Create
   * it in the verticle's start: with no event-loop count of its own, the pool opens its connections
   * on the event loop of whoever asks, which is always that verticle's, so a statement and its result
   * never hop to another thread (a pool shared by all verticles spread its connections over all
   * loops). The wait queue is bounded so that an overloaded or unreachable database fails requests
   * fast.
   *
   * <p>Every request is one autocommit statement, so the client pipelines: a connection carries up
   * to {@code database.pipeliningLimit} statements at once, and filling one connection before the
   * next lets PostgreSQL read and answer them in batches (the benchmark: about 1.3 times the GETs a
   * second of one statement a connection). The limit bounds how many statements a slow one can hold
   * up behind it.
   */
  public static SqlClient apiClient(Vertx vertx, DatabaseConfig config, int verticles) {
    PoolOptions options = new PoolOptions()
        .setName(API_POOL)
        .setMaxSize(share(config.poolSize(), verticles))
        .setMaxWaitQueueSize(share(config.maxWaitQueue(), verticles))
        .setConnectionTimeout(10);
    PgConnectOptions connect = connectOptions(config.url()).setPipeliningLimit(config.pipeliningLimit());
    if (!config.statementTimeout().isZero()) {
      // A startup parameter, so every connection has it without a round trip of its own. PgBouncer
      // refuses parameters it does not know: there, list it in ignore_startup_parameters, or set
      // UNDO_DB_STATEMENT_TIMEOUT=PT0S and the timeout on the role.
      connect.addProperty("statement_timeout", String.valueOf(config.statementTimeout().toMillis()));
    }
    return pipelinedClient(vertx, options, connect);
  }

  /** A pooled client whose connections each carry up to {@code pipeliningLimit} statements at once. */
  public static SqlClient pipelinedClient(Vertx vertx, PoolOptions options, String url, int pipeliningLimit) {
    return pipelinedClient(vertx, options, connectOptions(url).setPipeliningLimit(pipeliningLimit));
  }

  private static SqlClient pipelinedClient(Vertx vertx, PoolOptions options, PgConnectOptions connect) {
    return PgBuilder.client().with(options).connectingTo(connect).using(vertx).build();
  }

  /**
   * A small pool beside the API's, so that a purge holding its connection for a whole tick, or a
   * readiness check, never takes one from requests.
   */
  public static Pool maintenancePool(Vertx vertx, String url) {
    PoolOptions options = new PoolOptions()
        .setName(MAINTENANCE_POOL)
        .setMaxSize(MAINTENANCE_CONNECTIONS)
        .setMaxWaitQueueSize(64)
        .setConnectionTimeout(10)
        .setEventLoopSize(1);
    return build(vertx, options, url);
  }

  /**
   * The change feed's client: pages read by readers, and the poll for the readers who wait. Apart from
   * the API's, so that a crowd of feed readers never takes a connection from the writes they follow.
   */
  public static SqlClient feedClient(Vertx vertx, DatabaseConfig config) {
    PoolOptions options = new PoolOptions()
        .setName(FEED_POOL)
        .setMaxSize(FEED_CONNECTIONS)
        .setMaxWaitQueueSize(config.maxWaitQueue())
        .setConnectionTimeout(10)
        .setEventLoopSize(1);
    PgConnectOptions connect = connectOptions(config.url()).setPipeliningLimit(config.pipeliningLimit());
    if (!config.statementTimeout().isZero()) {
      connect.addProperty("statement_timeout", String.valueOf(config.statementTimeout().toMillis()));
    }
    return pipelinedClient(vertx, options, connect);
  }

  /** What one replica may open at most: every API verticle's share, the maintenance pool and the feed's. */
  public static int connectionsPerReplica(ServiceConfig config) {
    return share(config.database().poolSize(), config.http().instances()) * config.http().instances()
        + MAINTENANCE_CONNECTIONS + FEED_CONNECTIONS;
  }

  private static Pool build(Vertx vertx, PoolOptions options, String url) {
    return PgBuilder.pool().with(options).connectingTo(connectOptions(url)).using(vertx).build();
  }

  /** An equal share, rounded up, so that no verticle gets none. */
  public static int share(int total, int verticles) {
    return Math.max(1, (total + verticles - 1) / verticles);
  }

  /** The same server as a JDBC URL and properties, for Flyway. */
  public static JdbcTarget jdbc(String url) {
    PgConnectOptions options = connectOptions(url);
    Properties properties = new Properties();
    properties.setProperty("user", options.getUser());
    if (options.getPassword() != null) {
      properties.setProperty("password", options.getPassword());
    }
    properties.setProperty("ApplicationName", "undo-service-migrations");
    if (options.getSslMode() != null) {
      properties.setProperty("sslmode", options.getSslMode().value);
    }
    String jdbcUrl = "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
    return new JdbcTarget(jdbcUrl, properties);
  }

  public record JdbcTarget(String url, Properties properties) {}
}
