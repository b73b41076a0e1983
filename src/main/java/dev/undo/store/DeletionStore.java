package dev.undo.store;

import dev.undo.domain.Deletion;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Deletions over the reactive PostgreSQL client: finding one, and undoing it. One statement each. */
public final class DeletionStore {
  private static final String LOCATE = SqlStatements.load("deletion-locate");
  private static final String OF_ITEM = SqlStatements.load("deletion-of-item");
  private static final String UNDO = SqlStatements.load("deletion-undo");

  private final SqlClient client;
  private final StatementRunner runner;

  public DeletionStore(SqlClient client, HistoryPartitions partitions) {
    this.client = client;
    this.runner = new StatementRunner(client, partitions);
  }

  /** The deletion, while it is open or its tombstones are kept; null when there is none. */
  public Future<Deletion> locate(String tenant, UUID deletionId, Instant now) {
    return client.preparedQuery(LOCATE).execute(Tuple.of(tenant, deletionId, Timestamps.toDb(now)))
        .map(rows -> rows.size() == 0 ? null : deletion(deletionId, rows.iterator().next()));
  }

  /** The latest deletion of an item (null when none is kept), and whether the item is live. */
  public record ItemDeletion(Deletion deletion, boolean live) {}

  public Future<ItemDeletion> ofItem(String tenant, String collection, UUID itemId, Instant now) {
    return client.preparedQuery(OF_ITEM).execute(Tuple.of(tenant, collection, itemId, Timestamps.toDb(now)))
        .map(rows -> {
          Row row = rows.iterator().next();
          UUID deletionId = row.getUUID("deletion_id");
          boolean found = deletionId != null && row.getArrayOfUUIDs("item_ids") != null;
          return new ItemDeletion(found ? deletion(deletionId, row) : null, row.getBoolean("live"));
        });
  }

  /** Undoes the deletion: restores all its items or none. */
  public Future<DeletionUndoResult> undo(String tenant, Deletion deletion, Instant now, String actor) {
    UUID[] items = deletion.itemIds().toArray(UUID[]::new);
    return runner.write(new StatementRunner.Write<>(UNDO,
        () -> Tuple.of(tenant, deletion.id(), items, Timestamps.toDb(now), actor),
        DeletionStore::undoResult,
        result -> result.outcome() == DeletionUndoResult.Outcome.RACE), now);
  }

  private static Deletion deletion(UUID id, Row row) {
    List<UUID> items = Arrays.asList(row.getArrayOfUUIDs("item_ids"));
    return new Deletion(id, row.getString("collection"), items,
        Timestamps.fromDb(row.getOffsetDateTime("undo_expires_at")), row.getString("deleted_by"));
  }

  private static DeletionUndoResult undoResult(RowSet<Row> rows) {
    Row first = rows.iterator().next();
    return new DeletionUndoResult(
        Outcomes.of(DeletionUndoResult.Outcome.class, first),
        ItemRows.items(rows),
        ItemRows.conflicts(first),
        first.getString("deletion_collection"),
        Timestamps.fromDb(first.getOffsetDateTime("deleted_at")),
        Timestamps.fromDb(first.getOffsetDateTime("expires_at")));
  }
}
