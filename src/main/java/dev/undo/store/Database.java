package dev.undo.store;

import dev.undo.config.ConfigException;
import dev.undo.config.ServiceConfig;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.Properties;

/** The one reactive pool the service shares, and the JDBC coordinates Flyway needs for the same server. */
public final class Database {
  private Database() {}

  public static PgConnectOptions connectOptions(String url) {
    try {
      return PgConnectOptions.fromUri(url)
          .setCachePreparedStatements(true)
          .setPipeliningLimit(256)
          .addProperty("application_name", "undo-service")
          .addProperty("TimeZone", "UTC");
    } catch (RuntimeException e) {
      throw new ConfigException("UNDO_DATABASE_URL is not a postgresql:// URL: " + e.getMessage());
    }
  }

  /**
   * One pool for all verticle instances, created outside them, with connections spread over
   * {@code eventLoops} event loops; the wait queue is bounded so that an overloaded or unreachable
   * database fails requests fast instead of queueing them without end.
   */
  public static Pool pool(Vertx vertx, ServiceConfig config, int eventLoops) {
    PoolOptions options = new PoolOptions()
        .setName("undo-pg")
        .setMaxSize(config.poolSize())
        .setMaxWaitQueueSize(config.poolMaxWaitQueue())
        .setConnectionTimeout(10)
        .setEventLoopSize(eventLoops);
    return PgBuilder.pool()
        .with(options)
        .connectingTo(connectOptions(config.databaseUrl()))
        .using(vertx)
        .build();
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
