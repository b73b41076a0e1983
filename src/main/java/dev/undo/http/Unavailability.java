package dev.undo.http;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/** Tells a database that cannot be reached (503, try again) from a bug (500). */
final class Unavailability {
  private Unavailability() {}

  static boolean isDatabaseUnavailable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException
          || cause instanceof ClosedConnectionException
          || cause instanceof TimeoutException
          || cause instanceof java.io.IOException
          || cause.getClass().getSimpleName().contains("ConnectionPoolTooBusy")
          || cause.getClass().getSimpleName().contains("Timeout")
          || isClosedSocket(cause)) {
        return true;
      }
      if (cause instanceof PgException pg && pg.getSqlState() != null) {
        String state = pg.getSqlState();
        // 08: connection exception; 57P0x: shutdown and recovery; 53300: too many connections
        if (state.startsWith("08") || state.startsWith("57P0") || state.equals("53300")) {
          return true;
        }
      }
    }
    return false;
  }

  /** vertx-sql-client reports a write on a closed socket as a bare VertxException, with no type of its own. */
  private static boolean isClosedSocket(Throwable cause) {
    return cause instanceof VertxException
        && cause.getMessage() != null
        && cause.getMessage().startsWith("Connection is not active");
  }
}
