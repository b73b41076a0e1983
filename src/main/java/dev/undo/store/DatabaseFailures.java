package dev.undo.store;

import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells a statement that failed because PostgreSQL could not answer it (503: try again) from one it
 * refused or a fault of the service's (500).
 *
 * <p>The server's own answers carry a SQLSTATE, which decides. The client's failures are read by
 * type where it gives one: a connection closed under a statement in flight
 * ({@link ClosedConnectionException}), a socket that could not connect or broke ({@link IOException},
 * Netty's connect timeout among them), a full wait queue ({@link ConnectionPoolTooBusyException}), a
 * timeout. For three failures the client has no type but a bare {@link VertxException} with a fixed
 * message (vertx-sql-client's {@code SocketConnectionBase} and {@code SqlConnectionPool}): a statement
 * queued on a connection that closed before it was sent, a statement given to a connection already
 * closed, and no connection within the pool's connection timeout. Those messages are matched, and
 * the cause of each failure is read too.
 */
public final class DatabaseFailures {
  /**
   * Class 08: connection exceptions; 57P01–57P03: the server shutting down, crashed or starting;
   * 57014: the statement cancelled (statement_timeout); class 53: out of connections, memory or disk;
   * 25006: a read-only server, as a standby is while a failover promotes another.
   */
  private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "57014", "25006");
  private static final List<String> CLIENT_MESSAGES = List.of(
      "Pending requests failed to be sent due to connection has been closed",
      "Connection is not active now",
      "Timeout waiting for connection");

  private DatabaseFailures() {}

  public static boolean isUnavailable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof PgException pg) {
        return isUnavailableState(pg.getSqlState());
      }
      if (cause instanceof ClosedConnectionException
          || cause instanceof IOException
          || cause instanceof ConnectionPoolTooBusyException
          || cause instanceof TimeoutException
          || isClientConnectionFailure(cause)) {
        return true;
      }
    }
    return false;
  }

  static boolean isUnavailableState(String state) {
    return state != null && (state.startsWith("08") || state.startsWith("53") || UNAVAILABLE_STATES.contains(state));
  }

  private static boolean isClientConnectionFailure(Throwable cause) {
    if (cause.getClass() != VertxException.class || cause.getMessage() == null) {
      return false;
    }
    String message = cause.getMessage();
    return CLIENT_MESSAGES.stream().anyMatch(message::startsWith);
  }
}
