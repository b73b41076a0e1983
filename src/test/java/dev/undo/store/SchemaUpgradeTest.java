package dev.undo.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.Http;
import dev.undo.support.RunningService;
import dev.undo.support.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A database that schema 5 made and filled, with the statements schema 5's service ran
 * ({@code src/test/resources/schema5/}), upgraded in place when the service starts on it: every kind
 * of item it held answers as it did, and open windows stay undoable.
 */
class SchemaUpgradeTest {
  private static final String NOTES = "/v1/collections/notes/items/";
  private static final String USERS = "/v1/collections/users/items/";
  private static final Instant NOW = Instant.now();

  /** Items as schema 5 left them. */
  private static final UUID LIVE = UUID.randomUUID();
  private static final UUID DELETED_IN_WINDOW = UUID.randomUUID();
  private static final UUID DELETED_LONG_AGO = UUID.randomUUID();
  private static final UUID UNDONE = UUID.randomUUID();
  private static final UUID UNIQUE_DELETED = UUID.randomUUID();

  @RegisterExtension
  static final RunningService service = RunningService.onDatabase(SchemaUpgradeTest::fillWithSchema5);

  private final Http http = service.http();

  @Test
  void theUpgradeKeepsEveryItemAndItsVersions() {
    assertThat(service.sqlValue("SELECT max(version::integer)::text FROM flyway_schema_history WHERE version IS NOT NULL"))
        .isEqualTo("14");

    JsonObject live = http.get(NOTES + LIVE).json();
    assertThat(live.getInteger("version")).isEqualTo(2);
    assertThat(live.getJsonObject("data")).isEqualTo(new JsonObject().put("title", "edited"));
    JsonArray versions = http.get(NOTES + LIVE + "/versions").json().getJsonArray("versions");
    assertThat(versions.stream().map(v -> ((JsonObject) v).getInteger("version"))).containsExactly(2, 1);

    JsonObject undone = http.get(NOTES + UNDONE).json();
    assertThat(undone.getInteger("version")).isEqualTo(3);
    assertThat(undone.getString("state")).isEqualTo("active");
    assertThat(http.get(NOTES + UNDONE + "/versions").json().getJsonArray("versions").stream()
        .map(v -> ((JsonObject) v).getString("state"))).containsExactly("active", "deleted", "active");
    // Undone inside a window that is still open: a retried undo by item answers the item again.
    assertThat(http.post(NOTES + UNDONE + "/undo").status()).isEqualTo(200);
  }

  @Test
  void aTombstoneWhoseWindowIsOpenBecomesTheItemsRowAndStaysUndoable() {
    assertThat(service.sqlValue("SELECT state FROM items WHERE id = ?::uuid", DELETED_IN_WINDOW.toString()))
        .isEqualTo("deleted");
    assertThat(service.sqlValue("SELECT count(*) FROM item_history WHERE id = ?::uuid AND valid_to IS NULL",
        DELETED_IN_WINDOW.toString())).isEqualTo(0L);
    assertThat(service.sqlValue("SELECT count(*) FROM deletions WHERE ?::uuid = ANY(item_ids)",
        DELETED_IN_WINDOW.toString())).isEqualTo(1L);

    Http.Response gone = http.get(NOTES + DELETED_IN_WINDOW);
    assertThat(gone.status()).isEqualTo(410);
    String href = gone.json().getJsonObject("undo").getString("href");
    Http.Response again = http.delete(NOTES + DELETED_IN_WINDOW);
    assertThat(again.status()).isEqualTo(204);
    assertThat(again.header("Link")).isEqualTo("<" + href + ">; rel=\"undo\"");

    Http.Response restored = http.post(href);
    assertThat(restored.status()).isEqualTo(201);
    assertThat(restored.json().getInteger("version")).isEqualTo(3);
    assertThat(restored.json().getJsonObject("data")).isEqualTo(new JsonObject().put("title", "in window"));
    assertThat(http.get(NOTES + DELETED_IN_WINDOW + "/versions").json().getJsonArray("versions").stream()
        .map(v -> ((JsonObject) v).getInteger("version"))).containsExactly(3, 2, 1);
  }

  @Test
  void aTombstoneWhoseWindowHadClosedStaysInHistoryAndAnswersAsBefore() {
    assertThat(service.sqlValue("SELECT count(*) FROM items WHERE id = ?::uuid", DELETED_LONG_AGO.toString()))
        .isEqualTo(0L);
    Http.Response gone = http.get(NOTES + DELETED_LONG_AGO);
    assertThat(gone.status()).isEqualTo(410);
    assertThat(gone.json().getValue("undo")).isNull();
    Http.Response again = http.delete(NOTES + DELETED_LONG_AGO);
    assertThat(again.status()).isEqualTo(204);
    assertThat(again.header("Link")).isNull();
    assertThat(http.post(NOTES + DELETED_LONG_AGO + "/undo").status()).isEqualTo(410);
    assertThat(http.get(NOTES + DELETED_LONG_AGO + "?showDeleted=true").json().getInteger("version")).isEqualTo(2);

    JsonArray trash = http.get("/v1/collections/notes/items?state=deleted").json().getJsonArray("items");
    assertThat(trash.stream().map(item -> ((JsonObject) item).getString("id"))).contains(DELETED_LONG_AGO.toString());
  }

  @Test
  void aDeletedItemsUniqueValueStaysFreeAndComesBackWithItsUndo() {
    Http.Response taken = http.postJson("/v1/collections/users/items", new JsonObject().put("email", "ann@example.com"));
    assertThat(taken.status()).isEqualTo(201);
    String href = http.get(USERS + UNIQUE_DELETED).json().getJsonObject("undo").getString("href");
    assertThat(http.post(href).status()).isEqualTo(409);

    assertThat(http.delete(taken.header("Location")).status()).isEqualTo(204);
    assertThat(http.post(href).status()).isEqualTo(201);
    assertThat(service.sqlValue("SELECT item_id::text FROM unique_keys WHERE value = '\"ann@example.com\"'::jsonb"))
        .isEqualTo(UNIQUE_DELETED.toString());
  }

  /** Migrates a fresh database to schema 5 and writes items the way schema 5's service did. */
  private static void fillWithSchema5(String url) {
    Database.JdbcTarget target = Database.jdbc(url);
    Flyway.configure()
        .dataSource(target.url(), target.properties().getProperty("user"), target.properties().getProperty("password"))
        .locations("classpath:db/migration")
        // Schema 5's service had no repeatable migrations; today's would record checksums that keep
        // the upgrade from running them again after the versioned migrations that drop what they make.
        .repeatableSqlMigrationPrefix("not-at-schema-5")
        .target("5")
        .load()
        .migrate();
    try (Connection connection = TestPostgres.connect(url); Statement statement = connection.createStatement()) {
      statement.execute("SELECT undo_premake_history_partitions(now() - interval '1 day', 14, 7776000000, 7)");
      statement.execute("INSERT INTO collections VALUES"
          + " ('default', 'notes', '{}', 3600000, 7776000000, now(), now()),"
          + " ('default', 'users', '{email}', 3600000, 7776000000, now(), now())");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    Vertx vertx = Vertx.vertx();
    SqlClient client = Database.pipelinedClient(vertx, new PoolOptions().setMaxSize(1), url, 1);
    try {
      create(client, "notes", LIVE, new JsonObject().put("title", "first"), NOW.minusSeconds(60));
      run(client, "item-update", Tuple.from(new Object[] {"default", "notes", LIVE, at(NOW.minusSeconds(50)), null,
          new JsonObject().put("title", "edited"), false, "ann"}));

      create(client, "notes", DELETED_IN_WINDOW, new JsonObject().put("title", "in window"), NOW.minusSeconds(60));
      delete(client, "notes", DELETED_IN_WINDOW, UUID.randomUUID(), NOW.minusSeconds(30));

      create(client, "notes", DELETED_LONG_AGO, new JsonObject().put("title", "long ago"), NOW.minus(Duration.ofHours(3)));
      delete(client, "notes", DELETED_LONG_AGO, UUID.randomUUID(), NOW.minus(Duration.ofHours(2)));

      create(client, "notes", UNDONE, new JsonObject().put("title", "undone"), NOW.minusSeconds(60));
      UUID deletion = UUID.randomUUID();
      delete(client, "notes", UNDONE, deletion, NOW.minusSeconds(40));
      Row restored = run(client, "item-restore", Tuple.from(new Object[] {"default", deletion, at(NOW.minusSeconds(35)),
          at(NOW.minusSeconds(40)), at(NOW.plus(Duration.ofDays(100))), null, null, "ann"}));
      assertThat(restored.getString("outcome")).isEqualTo("restored");

      create(client, "users", UNIQUE_DELETED, new JsonObject().put("email", "ann@example.com"), NOW.minusSeconds(60));
      delete(client, "users", UNIQUE_DELETED, UUID.randomUUID(), NOW.minusSeconds(20));
    } finally {
      await(client.close());
      await(vertx.close());
    }
  }

  private static void create(SqlClient client, String collection, UUID id, JsonObject data, Instant at) {
    Row row = run(client, "item-create", Tuple.of("default", collection, id, data, at(at), "ann"));
    assertThat(row.getString("outcome")).isEqualTo("created");
  }

  private static void delete(SqlClient client, String collection, UUID id, UUID deletion, Instant at) {
    Row row = run(client, "item-delete", Tuple.from(new Object[] {"default", collection, id, at(at), null, deletion, "ann"}));
    assertThat(row.getString("outcome")).isEqualTo("deleted");
  }

  private static Row run(SqlClient client, String statement, Tuple args) {
    return await(client.preparedQuery(schema5(statement)).execute(args)).iterator().next();
  }

  private static String schema5(String statement) {
    try (InputStream in = SchemaUpgradeTest.class.getResourceAsStream("/schema5/" + statement + ".sql")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
