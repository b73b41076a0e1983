package dev.undo.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.undo.UndoApplication;
import dev.undo.config.ServiceConfig;
import dev.undo.support.Http;
import dev.undo.support.MutableClock;
import dev.undo.support.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With no UNDO_DATABASE_URL the service runs its own PostgreSQL, and a restart keeps the data. */
class EmbeddedDefaultTest {
  @TempDir
  Path dataDir;

  @Test
  void theEmbeddedDatabaseKeepsItsDataAcrossARestart() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      ServiceConfig config = ServiceConfig.from(new JsonObject()
          .put("UNDO_DATA_DIR", dataDir.toString())
          .put("UNDO_HTTP_PORT", String.valueOf(port))
          .put("UNDO_HTTP_HOST", "127.0.0.1")
          .put("UNDO_HTTP_INSTANCES", "1")
        .put("UNDO_MANAGEMENT_PORT", "0"));
      assertThat(config.database().embedded()).isTrue();
      MutableClock clock = MutableClock.startingNow();

      UndoApplication first = await(UndoApplication.start(vertx, config, clock, new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT)));
      Http http = new Http(port);
      http.putJson("/v1/collections/notes", new JsonObject());
      String id = http.postJson("/v1/collections/notes/items", new JsonObject().put("title", "kept")).json().getString("id");
      await(first.stop());
      assertThat(Files.exists(dataDir.resolve("PG_VERSION"))).isTrue();

      UndoApplication second = await(UndoApplication.start(vertx, config, clock, new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT)));
      try {
        Http.Response got = http.get("/v1/collections/notes/items/" + id);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json().getJsonObject("data")).isEqualTo(new JsonObject().put("title", "kept"));
      } finally {
        await(second.stop());
      }
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void theEmbeddedServerIsDurableAndAsksForItsPassword() throws Exception {
    try (EmbeddedDatabase server = EmbeddedDatabase.start(dataDir)) {
      try (Connection connection = TestPostgres.connect(server.url());
          ResultSet settings = connection.createStatement().executeQuery(
              "SELECT name, setting FROM pg_settings WHERE name IN"
                  + " ('fsync', 'synchronous_commit', 'full_page_writes', 'unix_socket_directories', 'listen_addresses')")) {
        Map<String, String> actual = new HashMap<>();
        while (settings.next()) {
          actual.put(settings.getString(1), settings.getString(2));
        }
        assertThat(actual).containsEntry("fsync", "on").containsEntry("synchronous_commit", "on")
            .containsEntry("full_page_writes", "on").containsEntry("unix_socket_directories", "")
            .containsEntry("listen_addresses", "localhost");
      }
      assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://localhost:" + server.port() + "/postgres", "postgres", ""))
          .as("a connection without the password").isInstanceOf(SQLException.class).hasMessageContaining("password");
    }
    // A second start reads the kept password, and the server still asks for it.
    try (EmbeddedDatabase again = EmbeddedDatabase.start(dataDir); Connection connection = TestPostgres.connect(again.url())) {
      assertThat(connection.isValid(5)).isTrue();
    }
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
