package dev.undo.store;

import dev.undo.domain.CollectionSettings;
import dev.undo.domain.Conflict;
import dev.undo.domain.Reference;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Collections over the reactive PostgreSQL client, one statement a call. */
public final class CollectionStore {
  private static final String PUT = SqlStatements.load("collection-put");
  private static final String GET = SqlStatements.load("collection-get");
  private static final String LIST = SqlStatements.load("collection-list");

  private final SqlClient client;
  private final StatementRunner runner;

  public CollectionStore(SqlClient client, HistoryPartitions partitions) {
    this.client = client;
    this.runner = new StatementRunner(client, partitions);
  }

  /** The answer of collection-put.sql and, unless it is CONFLICT, the collection as stored. */
  public record PutResult(Outcome outcome, CollectionSettings collection, List<Conflict> conflicts) {

    public enum Outcome {
      CREATED,
      UPDATED,
      /** Live items share values of the new unique fields: {@code conflicts}. */
      CONFLICT
    }
  }

  public Future<PutResult> put(String tenant, CollectionSettings settings, Instant now) {
    Tuple args = Tuple.from(new Object[] {
        tenant, settings.name(), settings.uniqueFields().toArray(String[]::new),
        settings.undoWindow().toMillis(), settings.retention().toMillis(), Timestamps.toDb(now), settings.restoreAfterWindow(),
        references(settings.references())});
    return runner.write(new StatementRunner.Write<>(PUT, () -> args, rows -> {
      Row row = rows.iterator().next();
      PutResult.Outcome outcome = Outcomes.of(PutResult.Outcome.class, row);
      return new PutResult(outcome, outcome == PutResult.Outcome.CONFLICT ? null : settings(row), ItemRows.conflicts(row));
    }, result -> false), now);
  }

  /** The collection, or null when there is none of that name. */
  public Future<CollectionSettings> get(String tenant, String name) {
    return client.preparedQuery(GET).execute(Tuple.of(tenant, name))
        .map(rows -> rows.size() == 0 ? null : settings(rows.iterator().next()));
  }

  public Future<List<CollectionSettings>> list(String tenant) {
    return client.preparedQuery(LIST).execute(Tuple.of(tenant)).map(rows -> {
      List<CollectionSettings> all = new ArrayList<>(rows.size());
      rows.forEach(row -> all.add(settings(row)));
      return all;
    });
  }

  private static JsonArray references(List<Reference> references) {
    JsonArray array = new JsonArray();
    references.forEach(reference -> array.add(new JsonObject().put("field", reference.field())
        .put("collection", reference.collection()).put("onDelete", reference.onDelete().wireName())));
    return array;
  }

  private static List<Reference> references(JsonArray stored) {
    List<Reference> references = new ArrayList<>();
    if (stored != null) {
      for (int i = 0; i < stored.size(); i++) {
        JsonObject reference = stored.getJsonObject(i);
        references.add(new Reference(reference.getString("field"), reference.getString("collection"),
            Reference.OnDelete.fromWireName(reference.getString("onDelete"))));
      }
    }
    return references;
  }

  private static CollectionSettings settings(Row row) {
    return new CollectionSettings(
        row.getString("name"),
        List.of(row.getArrayOfStrings("unique_fields")),
        references(row.getJsonArray("refs")),
        Duration.ofMillis(row.getLong("undo_window_ms")),
        Duration.ofMillis(row.getLong("retention_ms")),
        row.getBoolean("restore_after_window"),
        Timestamps.fromDb(row.getOffsetDateTime("created_at")));
  }
}
