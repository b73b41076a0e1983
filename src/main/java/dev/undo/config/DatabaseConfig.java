package dev.undo.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * PostgreSQL ({@code database.*}, {@code UNDO_DATABASE_URL}, {@code UNDO_DB_*}).
 *
 * @param url a {@code postgresql://} URL, or null for the embedded PostgreSQL in {@code dataDir}
 * @param pipeliningLimit statements one request connection carries at once (1: no pipelining)
 * @param statementTimeout PostgreSQL's statement_timeout for the requests' statements
 */
public record DatabaseConfig(
    String url, Path dataDir, int poolSize, int maxWaitQueue, int pipeliningLimit, Duration statementTimeout) {

  static DatabaseConfig from(ConfigSource source) {
    return new DatabaseConfig(
        source.string("UNDO_DATABASE_URL", "database.url", null),
        Path.of(source.string("UNDO_DATA_DIR", "database.dataDir", "./data")),
        source.integer("UNDO_DB_POOL_SIZE", "database.poolSize", 8),
        source.integer("UNDO_DB_MAX_WAIT_QUEUE", "database.maxWaitQueue", 1024),
        source.integer("UNDO_DB_PIPELINING_LIMIT", "database.pipeliningLimit", 8, 1, 256),
        source.duration("UNDO_DB_STATEMENT_TIMEOUT", "database.statementTimeout", Duration.ofSeconds(5)));
  }

  public boolean embedded() {
    return url == null;
  }

  /** The same settings for a server found at start-up (the embedded one's URL). */
  public DatabaseConfig withUrl(String found) {
    return new DatabaseConfig(found, dataDir, poolSize, maxWaitQueue, pipeliningLimit, statementTimeout);
  }
}
