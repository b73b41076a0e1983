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

/** Deletions over the reactive PostgreSQL client: making one of many items, finding one, undoing or restoring it. One statement each. */
public final class DeletionStore {
  private static final String CREATE = SqlStatements.load("deletion-create");
  private static final String GET = SqlStatements.load("deletion-get");
  private static final String LOCATE = SqlStatements.load("deletion-locate");
  private static final String OF_ITEM = SqlStatements.load("deletion-of-item");
  private static final String UNDO = SqlStatements.load("deletion-undo");
  private static final String RESTORE = SqlStatements.load("deletion-restore");

  private final SqlClient client;
  private final StatementRunner runner;
  private final int maxDeletionItems;

  /** @param maxDeletionItems the most items a deletion may cover with its cascade */
  public DeletionStore(SqlClient client, HistoryPartitions partitions, int maxDeletionItems) {
    this.client = client;
    this.runner = new StatementRunner(client, partitions);
    this.maxDeletionItems = maxDeletionItems;
  }

  /** The most items a deletion may cover. */
  public int maxDeletionItems() {
    return maxDeletionItems;
  }

  /**
   * Deletes the named items of a collection in one new deletion, {@code deletionId}, all or nothing.
   *
   * @param idempotencyKey null when the request has none
   */
  public Future<BatchDeleteResult> create(String tenant, String collection, List<UUID> ids, Instant now,
      UUID deletionId, String actor, String idempotencyKey) {
    UUID[] named = ids.toArray(UUID[]::new);
    return runner.write(new StatementRunner.Write<>(CREATE,
        () -> Tuple.from(new Object[] {
            tenant, collection, named, Timestamps.toDb(now), deletionId, actor, idempotencyKey, maxDeletionItems}),
        rows -> batchResult(collection, rows.iterator().next()),
        result -> false), now);
  }

  /** The deletion as it stands; null when there is none of this tenant, or it is purged. */
  public Future<StoredDeletion> get(String tenant, UUID deletionId, Instant now) {
    return client.preparedQuery(GET).execute(Tuple.of(tenant, deletionId, Timestamps.toDb(now)))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row row = rows.iterator().next();
          return new StoredDeletion(deletion(deletionId, row), Timestamps.fromDb(row.getOffsetDateTime("deleted_at")),
              row.getInteger("still_deleted"), Boolean.TRUE.equals(row.getBoolean("ended_after_window")));
        });
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
    String[] collections = deletion.collections().toArray(String[]::new);
    return runner.write(new StatementRunner.Write<>(UNDO,
        () -> Tuple.of(tenant, deletion.id(), items, Timestamps.toDb(now), actor, collections),
        DeletionStore::undoResult,
        result -> result.outcome() == DeletionUndoResult.Outcome.RACE), now);
  }

  private static Deletion deletion(UUID id, Row row) {
    return deletion(id, row.getString("collection"), row);
  }

  /** Restores the deletion from the trash (or inside its window, as an undo would): all its items or none. */
  public Future<DeletionRestoreResult> restore(String tenant, Deletion deletion, Instant now, String actor) {
    UUID[] items = deletion.itemIds().toArray(UUID[]::new);
    return runner.write(new StatementRunner.Write<>(RESTORE,
        () -> Tuple.of(tenant, deletion.id(), items, Timestamps.toDb(now), actor),
        rows -> {
          Row first = rows.iterator().next();
          return new DeletionRestoreResult(Outcomes.of(DeletionRestoreResult.Outcome.class, first), ItemRows.items(rows),
              ItemRows.conflicts(first), ItemRows.dangling(first), Timestamps.fromDb(first.getOffsetDateTime("deleted_at")));
        },
        result -> result.outcome() == DeletionRestoreResult.Outcome.RACE), now);
  }

  private static BatchDeleteResult batchResult(String collection, Row row) {
    BatchDeleteResult.Outcome outcome = Outcomes.of(BatchDeleteResult.Outcome.class, row);
    return switch (outcome) {
      case DELETED, REPLAY -> new BatchDeleteResult(outcome, deletion(row.getUUID("deletion_id"), collection, row),
          Timestamps.fromDb(row.getOffsetDateTime("deleted_at")), ids(row, "already_deleted"), List.of(), List.of());
      case MISSING -> new BatchDeleteResult(outcome, null, null, List.of(), ids(row, "missing"), List.of());
      case RESTRICTED -> new BatchDeleteResult(outcome, null, null, List.of(), List.of(), ItemRows.referrers(row));
      case KEY_REUSED, TOO_MANY, NOT_FOUND -> new BatchDeleteResult(outcome, null, null, List.of(), List.of(), List.of());
    };
  }

  private static List<UUID> ids(Row row, String column) {
    UUID[] ids = row.getArrayOfUUIDs(column);
    return ids == null ? List.of() : Arrays.asList(ids);
  }

  private static Deletion deletion(UUID id, String collection, Row row) {
    return new Deletion(id, collection, ItemRows.itemRefs(row, collection),
        Timestamps.fromDb(row.getOffsetDateTime("undo_expires_at")), row.getString("deleted_by"));
  }

  private static DeletionUndoResult undoResult(RowSet<Row> rows) {
    Row first = rows.iterator().next();
    return new DeletionUndoResult(
        Outcomes.of(DeletionUndoResult.Outcome.class, first),
        ItemRows.items(rows),
        ItemRows.conflicts(first),
        ItemRows.dangling(first),
        first.getString("deletion_collection"),
        Timestamps.fromDb(first.getOffsetDateTime("deleted_at")),
        Timestamps.fromDb(first.getOffsetDateTime("expires_at")));
  }
}
