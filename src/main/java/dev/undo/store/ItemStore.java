package dev.undo.store;

import dev.undo.domain.ItemCondition;
import dev.undo.domain.ItemVersion;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import dev.undo.domain.Listing;
import dev.undo.domain.PageKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Items over the reactive PostgreSQL client. Every method is one SQL statement, one round trip
 * (a write is taken again only when a concurrent writer got in its way).
 */
public final class ItemStore {
  private static final String CREATE = SqlStatements.load("item-create");
  private static final String GET = SqlStatements.load("item-get");
  private static final String AS_OF = SqlStatements.load("item-as-of");
  private static final String VERSIONS = SqlStatements.load("item-versions");
  private static final String LIST_ACTIVE = SqlStatements.load("item-list-active");
  private static final String LIST_TRASH = SqlStatements.load("item-list-trash");
  private static final String LIST_ALL = SqlStatements.load("item-list-all");
  private static final String UPDATE = SqlStatements.load("item-update");
  private static final String DELETE = SqlStatements.load("item-delete");
  private static final String ERASE = SqlStatements.load("item-erase");
  private static final UUID BEFORE_ALL = new UUID(0, 0);

  private final SqlClient client;
  private final StatementRunner runner;
  private final int maxDeletionItems;

  /** @param maxDeletionItems the most items a deletion may cover with its cascade */
  public ItemStore(SqlClient client, HistoryPartitions partitions, int maxDeletionItems) {
    this.client = client;
    this.runner = new StatementRunner(client, partitions);
    this.maxDeletionItems = maxDeletionItems;
  }

  /** The most items a deletion may cover. */
  public int maxDeletionItems() {
    return maxDeletionItems;
  }

  public Future<CreateResult> create(String tenant, String collection, UUID id, JsonObject data, Instant now, String actor) {
    return runner.write(new StatementRunner.Write<>(CREATE,
        () -> Tuple.of(tenant, collection, id, data, Timestamps.toDb(now), actor),
        rows -> {
          Row row = rows.iterator().next();
          return new CreateResult(Outcomes.of(CreateResult.Outcome.class, row), ItemRows.item(row), ItemRows.conflicts(row),
              ItemRows.dangling(row));
        },
        result -> false), now);
  }

  /** The item as it is now, live or tombstoned; null when it never existed or is purged. */
  public Future<StoredItem> get(String tenant, String collection, UUID id, Instant now) {
    return client.preparedQuery(GET).execute(Tuple.of(tenant, collection, id, Timestamps.toDb(now)))
        .map(ItemStore::firstItem);
  }

  /** The version current at {@code instant}; null when there was none or it is past retention. */
  public Future<StoredItem> getAsOf(String tenant, String collection, UUID id, Instant instant, Instant now) {
    return client.preparedQuery(AS_OF)
        .execute(Tuple.of(tenant, collection, id, Timestamps.toDb(instant), Timestamps.toDb(now)))
        .map(ItemStore::firstItem);
  }

  /** Every version kept, newest first; empty when the item never existed or is purged. */
  public Future<List<ItemVersion>> versions(String tenant, String collection, UUID id, Instant now) {
    return client.preparedQuery(VERSIONS).execute(Tuple.of(tenant, collection, id, Timestamps.toDb(now)))
        .map(rows -> {
          List<ItemVersion> versions = new ArrayList<>(rows.size());
          rows.forEach(row -> versions.add(ItemRows.version(row)));
          return versions;
        });
  }

  /**
   * One page of a listing after {@code after} (null: from the start): live items or everything in id
   * order, the trash newest deletion first; null when the collection does not exist.
   */
  public Future<List<StoredItem>> list(
      String tenant, String collection, Listing listing, PageKey after, int pageSize, Instant now) {
    UUID from = after == null ? BEFORE_ALL : after.id();
    Future<RowSet<Row>> rows = switch (listing) {
      case ACTIVE -> client.preparedQuery(LIST_ACTIVE).execute(Tuple.of(tenant, collection, from, pageSize));
      case ALL -> client.preparedQuery(LIST_ALL).execute(Tuple.of(tenant, collection, from, pageSize, Timestamps.toDb(now)));
      case DELETED -> client.preparedQuery(LIST_TRASH).execute(Tuple.from(new Object[] {tenant, collection,
          after == null ? java.time.OffsetDateTime.MAX : Timestamps.toDb(after.deletedAt()), from, pageSize, Timestamps.toDb(now)}));
    };
    return rows.map(found -> found.size() == 0 ? null : ItemRows.items(found));
  }

  /** PUT (data replaces the item's data) or PATCH (data is a JSON merge patch). */
  public Future<UpdateResult> update(
      String tenant, String collection, UUID id, Instant now, ItemCondition condition,
      JsonObject data, boolean mergePatch, String actor) {
    return runner.write(new StatementRunner.Write<>(UPDATE,
        () -> Tuple.from(new Object[] {
            tenant, collection, id, Timestamps.toDb(now), versions(condition), data, mergePatch, actor}),
        rows -> {
          Row row = rows.iterator().next();
          return new UpdateResult(Outcomes.of(UpdateResult.Outcome.class, row), ItemRows.item(row), ItemRows.conflicts(row),
              ItemRows.dangling(row));
        },
        result -> result.outcome() == UpdateResult.Outcome.RACE), now);
  }

  /** Tombstones the item, and the items it cascades to, in a new deletion, {@code deletionId}. */
  public Future<DeleteResult> delete(
      String tenant, String collection, UUID id, Instant now, ItemCondition condition, UUID deletionId, String actor) {
    return runner.write(new StatementRunner.Write<>(DELETE,
        () -> Tuple.from(new Object[] {
            tenant, collection, id, Timestamps.toDb(now), versions(condition), deletionId, actor, maxDeletionItems}),
        rows -> {
          Row row = rows.iterator().next();
          DeleteResult.Outcome outcome = Outcomes.of(DeleteResult.Outcome.class, row);
          return switch (outcome) {
            case DELETED -> new DeleteResult(outcome, ItemRows.item(row),
                ItemRows.itemRefs(row.getArrayOfUUIDs("deletion_items"), row.getArrayOfStrings("deletion_collections")),
                List.of());
            case RESTRICTED -> new DeleteResult(outcome, null, List.of(), ItemRows.referrers(row));
            case TOO_MANY -> new DeleteResult(outcome, null, List.of(), List.of());
            case REPEAT, PRECONDITION_FAILED, NOT_FOUND, RACE -> new DeleteResult(outcome, ItemRows.item(row), List.of(), List.of());
          };
        },
        result -> result.outcome() == DeleteResult.Outcome.RACE), now);
  }

  /** Erases the item's data from every place it is kept, and records that it was erased. */
  public Future<EraseResult> erase(String tenant, String collection, UUID id, Instant now, String actor) {
    return runner.write(new StatementRunner.Write<>(ERASE,
        () -> Tuple.of(tenant, collection, id, Timestamps.toDb(now), actor),
        rows -> new EraseResult(Outcomes.of(EraseResult.Outcome.class, rows.iterator().next())),
        result -> false), now);
  }

  private static Integer[] versions(ItemCondition condition) {
    return condition.isUnconditional() ? null : condition.versions().toArray(Integer[]::new);
  }

  private static StoredItem firstItem(RowSet<Row> rows) {
    return rows.size() == 0 ? null : ItemRows.item(rows.iterator().next());
  }
}
