package dev.undo.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The embedded default: a real PostgreSQL server (binaries from Maven Central, through zonky)
 * whose data lives in a directory of ours, so a restart keeps it. Blocking: start it off the event loop.
 *
 * <p>zonky is a test library, and its defaults are for throw-away databases; {@link #SETTINGS} undoes
 * each of them, so that an acknowledged write survives a crash of the process or of the machine.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  /**
   * What the server runs with, beyond the defaults of {@code postgresql.conf}. zonky passes
   * {@code -F} (fsync off) before these, and the later setting wins.
   */
  public static final Map<String, String> SETTINGS = Map.of(
      // zonky: -F. Without fsync a crash of the machine can lose committed data or corrupt the cluster.
      "fsync", "on",
      // zonky: off. A commit would be acknowledged up to 200 ms (wal_writer_delay) before its WAL is
      // written, and a killed server loses it: a 204 must mean the tombstone is on disk.
      "synchronous_commit", "on",
      "full_page_writes", "on",
      // zonky: 300. The service opens UNDO_DB_POOL_SIZE + 3 connections; this is PostgreSQL's default.
      "max_connections", "100",
      "listen_addresses", "localhost",
      // PostgreSQL's default puts a socket in /tmp that every local user may open.
      "unix_socket_directories", "",
      "timezone", "UTC");
  /** How long an orphan of an earlier run may take to stop, and crash recovery to finish. */
  private static final Duration WAIT = Duration.ofSeconds(120);

  private final EmbeddedPostgres postgres;
  private final DataDirectoryOwner owner;
  private final String password;

  private EmbeddedDatabase(EmbeddedPostgres postgres, DataDirectoryOwner owner, String password) {
    this.postgres = postgres;
    this.owner = owner;
    this.password = password;
  }

  public static EmbeddedDatabase start(Path dataDir) {
    Path dir = dataDir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create the embedded PostgreSQL's data directory " + dir, e);
    }
    boolean initialised = Files.exists(dir.resolve("PG_VERSION"));
    DataDirectoryOwner owner = initialised ? DataDirectoryOwner.claim(dir, WAIT) : null;
    EmbeddedPostgres postgres = null;
    try {
      // initdb fills the directory on the first start; the password is made after it and kept inside.
      String password = initialised ? LoopbackPassword.of(dir) : null;
      postgres = builder(dir, password).start();
      if (owner == null) {
        owner = DataDirectoryOwner.lock(dir);
      }
      owner.recordStartedServer();
      if (password == null) {
        password = LoopbackPassword.of(dir);
      }
      LoopbackPassword.require(dir, postgres.getPostgresDatabase(Map.of("password", password)), password);
      return new EmbeddedDatabase(postgres, owner, password);
    } catch (IOException | RuntimeException e) {
      closeQuietly(postgres);
      if (owner != null) {
        owner.close();
      }
      if (e instanceof IOException io) {
        throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dir + ": " + e.getMessage(), io);
      }
      throw (RuntimeException) e;
    }
  }

  private static void closeQuietly(EmbeddedPostgres postgres) {
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException ignored) {
        // the start already failed; that failure is the one to report
      }
    }
  }

  private static EmbeddedPostgres.Builder builder(Path dir, String password) {
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(dir)
        .setCleanDataDirectory(false)
        .setPGStartupWait(WAIT);
    SETTINGS.forEach(builder::setServerConfig);
    if (password != null) {
      builder.setConnectConfig("password", password);
    }
    return builder;
  }

  /** A {@code postgresql://} URL for the server's default database, with its password. */
  public String url() {
    return url("postgres");
  }

  /** A {@code postgresql://} URL for {@code database} on this server, with its password. */
  public String url(String database) {
    return "postgresql://postgres:" + password + "@localhost:" + postgres.getPort() + "/" + database;
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      owner.close();
    }
  }
}
