package dev.undo.support;

import dev.undo.UndoApplication;
import dev.undo.config.ServiceConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import dev.undo.ops.UndoVertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The service, running for one test class: its own Vert.x, a fresh database on the shared test
 * PostgreSQL, a free port and a clock the test moves. Register it as a static field with
 * {@code @RegisterExtension}. Tests talk HTTP to it and read what it stored with SQL.
 */
public final class RunningService implements BeforeAllCallback, AfterAllCallback {
  private final JsonObject settings;
  private final MutableClock clock;
  private final boolean systemClock;
  private final RunningService peer;
  private final Consumer<String> prepare;
  private int port;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private Vertx vertx;
  private UndoApplication application;
  private String databaseUrl;
  private Http http;

  public RunningService() {
    this(new JsonObject());
  }

  /** @param settings configuration as the file and environment would give it, e.g. UNDO_BODY_LIMIT */
  public RunningService(JsonObject settings) {
    this(settings, false);
  }

  private RunningService(JsonObject settings, boolean systemClock) {
    this(settings, systemClock, null);
  }

  private RunningService(JsonObject settings, boolean systemClock, RunningService peer) {
    this(settings, systemClock, peer, url -> {});
  }

  private RunningService(JsonObject settings, boolean systemClock, RunningService peer, Consumer<String> prepare) {
    this.settings = settings;
    this.systemClock = systemClock;
    this.peer = peer;
    this.prepare = prepare;
    this.clock = peer == null ? MutableClock.startingNow() : peer.clock;
  }

  /**
   * A service that starts on a database {@code prepare} filled first (given its URL), as an upgrade
   * finds one made by an older version of the service.
   */
  public static RunningService onDatabase(Consumer<String> prepare) {
    return new RunningService(new JsonObject(), false, null, prepare);
  }

  /**
   * A second replica of {@code peer}: its own Vert.x, port and undo cache client, the same database
   * and clock. Register it after the peer.
   */
  public static RunningService replicaOf(RunningService peer, JsonObject settings) {
    return new RunningService(settings, false, peer);
  }

  /**
   * A service whose database commits without waiting for the WAL to reach the disk, for tests of
   * many thousand steps that check answers, not durability (a commit then costs no disk flush).
   */
  public static RunningService withAsynchronousCommits(JsonObject settings) {
    return new RunningService(settings, false, null, url -> {
      try (java.sql.Connection connection = TestPostgres.connect(url);
          java.sql.Statement statement = connection.createStatement()) {
        statement.execute("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET synchronous_commit = off', current_database()); END $$");
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** A service on the real clock, for tests that wait as a person would; {@link #clock()} is not its clock. */
  public static RunningService onSystemClock() {
    return new RunningService(new JsonObject(), true);
  }

  public static RunningService withCollections(JsonObject... collections) {
    return new RunningService(new JsonObject().put("collections", new JsonArray(List.of((Object[]) collections))));
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    databaseUrl = peer == null ? TestPostgres.newDatabase() : peer.databaseUrl();
    prepare.accept(databaseUrl);
    port = freePort();
    JsonObject merged = settings.copy()
        .put("UNDO_DATABASE_URL", databaseUrl)
        .put("UNDO_HTTP_PORT", String.valueOf(port))
        .put("UNDO_HTTP_HOST", "127.0.0.1")
        .put("UNDO_MANAGEMENT_PORT", "0")
        .put("UNDO_HTTP_INSTANCES", settings.getString("UNDO_HTTP_INSTANCES", "2"))
        .put("UNDO_DB_POOL_SIZE", settings.getString("UNDO_DB_POOL_SIZE", "4"));
    vertx = UndoVertx.create(registry, 2);
    application = UndoApplication.start(vertx, ServiceConfig.from(merged), systemClock ? java.time.Clock.systemUTC() : clock, registry)
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    http = new Http(port);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (application != null) {
      application.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** The service's meters, as Prometheus would scrape them. */
  public Vertx vertx() {
    return vertx;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public int port() {
    return port;
  }

  /** A client for the management port: /metrics, /health/live, /health/ready. */
  public Http management() {
    return new Http(application.managementPort());
  }

  public Http http() {
    return http;
  }

  public MutableClock clock() {
    return clock;
  }

  public UndoApplication application() {
    return application;
  }

  public String databaseUrl() {
    return databaseUrl;
  }

  /** Runs a query against the service's database and answers its rows as column → value maps. */
  public List<Map<String, Object>> sql(String query, Object... args) {
    try (Connection connection = TestPostgres.connect(databaseUrl);
        PreparedStatement statement = connection.prepareStatement(query)) {
      for (int i = 0; i < args.length; i++) {
        statement.setObject(i + 1, args[i]);
      }
      if (!statement.execute()) {
        return List.of();
      }
      try (ResultSet rows = statement.getResultSet()) {
        ResultSetMetaData meta = rows.getMetaData();
        List<Map<String, Object>> result = new ArrayList<>();
        while (rows.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int c = 1; c <= meta.getColumnCount(); c++) {
            row.put(meta.getColumnLabel(c), rows.getObject(c));
          }
          result.add(row);
        }
        return result;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(query, e);
    }
  }

  /** The single value of a query that answers one row of one column. */
  public Object sqlValue(String query, Object... args) {
    List<Map<String, Object>> rows = sql(query, args);
    if (rows.size() != 1 || rows.get(0).size() != 1) {
      throw new IllegalStateException("expected one value from " + query + ", got " + rows);
    }
    return rows.get(0).values().iterator().next();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
