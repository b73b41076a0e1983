package dev.undo.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;

/**
 * Secrets that every replica must share, kept in PostgreSQL when the operator does not configure
 * them: the first replica to ask stores a random one and the others read it.
 */
public final class ServiceKeys {
  private static final String GET_OR_CREATE = SqlStatements.load("service-key");

  private final Pool pool;

  public ServiceKeys(Pool pool) {
    this.pool = pool;
  }

  public Future<byte[]> getOrCreate(String name) {
    byte[] candidate = new byte[32];
    new SecureRandom().nextBytes(candidate);
    return pool.preparedQuery(GET_OR_CREATE).execute(Tuple.of(name, Buffer.buffer(candidate)))
        .map(rows -> rows.iterator().next().getBuffer("secret").getBytes());
  }
}
