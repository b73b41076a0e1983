package dev.undo.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** Each way a statement can fail, as vertx-sql-client and PostgreSQL report it. */
class DatabaseFailuresTest {
  private static PgException server(String state) {
    return new PgException("message", "FATAL", state, null);
  }

  @Test
  void everyWayTheConnectionCanFailIsUnavailable() {
    // A connection closed under a statement in flight.
    assertThat(DatabaseFailures.isUnavailable(ClosedConnectionException.INSTANCE)).isTrue();
    // Queued in the pipeline on a connection that closed before the statement was sent: bare, or with its cause.
    assertThat(DatabaseFailures.isUnavailable(VertxException.noStackTrace(
        "Pending requests failed to be sent due to connection has been closed."))).isTrue();
    assertThat(DatabaseFailures.isUnavailable(new VertxException(
        "Pending requests failed to be sent due to connection has been closed.", new IOException("reset")))).isTrue();
    // Given to a connection that had already closed.
    assertThat(DatabaseFailures.isUnavailable(VertxException.noStackTrace("Connection is not active now, current status: CLOSED"))).isTrue();
    // At connect: refused, timed out; and no connection within the pool's timeout or room in its queue.
    assertThat(DatabaseFailures.isUnavailable(new ConnectException("Connection refused"))).isTrue();
    assertThat(DatabaseFailures.isUnavailable(new ConnectTimeoutException("connection timed out"))).isTrue();
    assertThat(DatabaseFailures.isUnavailable(new VertxException("Timeout waiting for connection", true))).isTrue();
    assertThat(DatabaseFailures.isUnavailable(new ConnectionPoolTooBusyException("Connection pool reached max wait queue size of 4"))).isTrue();
    // Wrapped by a caller.
    assertThat(DatabaseFailures.isUnavailable(new IllegalStateException(ClosedConnectionException.INSTANCE))).isTrue();
  }

  @Test
  void theServerSaysWhenItCannotAnswer() {
    for (String state : new String[] {"08006", "08001", "57P01", "57P02", "57P03", "57014", "53300", "53100", "25006"}) {
      assertThat(DatabaseFailures.isUnavailable(server(state))).as(state).isTrue();
    }
  }

  @Test
  void refusalsAndFaultsAreNot() {
    for (String state : new String[] {"23505", "23514", "42P01", "42883", "22P02", "40P01"}) {
      assertThat(DatabaseFailures.isUnavailable(server(state))).as(state).isFalse();
    }
    assertThat(DatabaseFailures.isUnavailable(new NullPointerException())).isFalse();
    assertThat(DatabaseFailures.isUnavailable(new VertxException(
        "The number of parameters (3) exceeds the maximum of 65535. Use arrays or split the query.", true))).isFalse();
    // A server error decides even when wrapped around something else.
    assertThat(DatabaseFailures.isUnavailable(new RuntimeException(server("23505")))).isFalse();
  }
}
