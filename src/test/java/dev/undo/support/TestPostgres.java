package dev.undo.support;

import dev.undo.store.Database;
import dev.undo.store.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server for the whole test run (embedded binaries from Maven Central), and a
 * fresh database in it for each test class.
 */
public final class TestPostgres {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedDatabase server;

  private TestPostgres() {}

  private static synchronized EmbeddedDatabase server() {
    if (server == null) {
      try {
        Path dir = Files.createTempDirectory("undo-test-pg");
        server = EmbeddedDatabase.start(dir);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-postgres-stop"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return server;
  }

  /** Creates an empty database and answers its {@code postgresql://} URL. */
  public static String newDatabase() {
    EmbeddedDatabase pg = server();
    String name = "undo_test_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid();
    try (Connection connection = connect(pg.url());
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create test database " + name, e);
    }
    return pg.url(name);
  }

  /** A JDBC connection to the database of a {@code postgresql://} URL, with the URL's credentials. */
  public static Connection connect(String url) throws SQLException {
    Database.JdbcTarget target = Database.jdbc(url);
    return DriverManager.getConnection(target.url(), target.properties());
  }
}
