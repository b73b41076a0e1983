package dev.undo.service;

import dev.undo.domain.DanglingReference;
import dev.undo.domain.Deletion;
import dev.undo.domain.Item;
import dev.undo.domain.ItemCondition;
import dev.undo.domain.ItemGoneException;
import dev.undo.domain.ItemHeldException;
import dev.undo.domain.ItemVersion;
import dev.undo.domain.Listing;
import dev.undo.domain.NotFoundException;
import dev.undo.domain.PageKey;
import dev.undo.domain.PreconditionFailedException;
import dev.undo.domain.ReferenceMissingException;
import dev.undo.domain.StateConflictException;
import dev.undo.domain.UndoOffer;
import dev.undo.domain.UniqueConflictException;
import dev.undo.domain.UuidV7;
import dev.undo.metrics.UndoMetrics;
import dev.undo.store.ItemStore;
import dev.undo.store.StoredItem;
import dev.undo.undo.UndoOffers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The item use cases; undoing a deletion is {@link DeletionService}'s. PostgreSQL decides every
 * answer; the undo offers only find a deletion's items faster, and losing their cache changes no answer.
 */
public final class ItemService {
  private final ItemStore store;
  private final UndoOffers offers;
  private final UuidV7 ids;
  private final Clock clock;
  private final UndoMetrics metrics;

  /** @param ids shared by every instance, so that ids stay in creation order across event loops */
  public ItemService(ItemStore store, UndoOffers offers, UuidV7 ids, Clock clock,
      UndoMetrics metrics) {
    this.store = store;
    this.offers = offers;
    this.ids = ids;
    this.clock = clock;
    this.metrics = metrics;
  }

  public Future<Item> create(Caller caller, String collection, JsonObject data) {
    Instant now = now();
    return store.create(caller.tenant(), collection, ids.next(), data, now, caller.actor()).map(result ->
        switch (result.outcome()) {
          case CREATED -> result.item().item();
          case CONFLICT -> throw new UniqueConflictException("a unique value is taken by another item", result.conflicts());
          case REFERENCE_MISSING -> throw referenceMissing(result.dangling());
          case NOT_FOUND -> throw noCollection(collection);
        });
  }

  /** The item as it is now; a deleted one only with {@code showDeleted}, else {@link ItemGoneException}. */
  public Future<Item> get(Caller caller, String collection, UUID id, boolean showDeleted) {
    Instant now = now();
    return store.get(caller.tenant(), collection, id, now).map(found -> {
      if (found == null) {
        throw noItem(collection, id);
      }
      Item item = withOffer(caller, found, now);
      if (item.isDeleted() && !showDeleted) {
        throw gone(item);
      }
      return item;
    });
  }

  /** The version that was current at {@code instant}. */
  public Future<Item> getAsOf(Caller caller, String collection, UUID id, Instant instant) {
    Instant now = now();
    return store.getAsOf(caller.tenant(), collection, id, instant, now).map(found -> {
      if (found == null) {
        throw new NotFoundException("item " + id + " did not exist in '" + collection + "' at " + instant
            + ", or that version is past retention");
      }
      if (found.item().isDeleted()) {
        throw new ItemGoneException("item " + id + " was deleted at " + instant, found.item().deletedAt(), null, found.item().deletionId());
      }
      return found.item();
    });
  }

  public Future<List<ItemVersion>> versions(Caller caller, String collection, UUID id) {
    return store.versions(caller.tenant(), collection, id, now()).map(versions -> {
      if (versions.isEmpty()) {
        throw noItem(collection, id);
      }
      return versions;
    });
  }

  /**
   * A page of a listing after {@code after} (null: the first page). A tombstone carries its undo offer
   * while the window is open, and after it whether it can be restored from the trash.
   */
  public Future<Page> list(Caller caller, String collection, Listing listing, PageKey after, int limit) {
    Instant now = now();
    return store.list(caller.tenant(), collection, listing, after, limit + 1, now).map(found -> {
      if (found == null) {
        throw noCollection(collection);
      }
      boolean more = found.size() > limit;
      List<StoredItem> page = more ? found.subList(0, limit) : found;
      List<Item> items = page.stream().map(item -> listed(caller, item, now)).toList();
      Item last = more ? items.get(items.size() - 1) : null;
      return new Page(items, last == null ? null : new PageKey(listing == Listing.DELETED ? last.deletedAt() : null, last.id()));
    });
  }

  private Item listed(Caller caller, StoredItem stored, Instant now) {
    Item item = withOffer(caller, stored, now);
    return item.isDeleted() && item.undo() == null ? item.withRestorable(stored.restoreAfterWindow()) : item;
  }

  /** PUT ({@code mergePatch} false) or PATCH with an RFC 7396 merge patch. */
  public Future<Item> update(
      Caller caller, String collection, UUID id, ItemCondition condition, JsonObject data, boolean mergePatch) {
    Instant now = now();
    return store.update(caller.tenant(), collection, id, now, condition, data, mergePatch, caller.actor())
        .map(result -> switch (result.outcome()) {
          case UPDATED -> result.item().item();
          case CONFLICT -> throw new UniqueConflictException("a unique value is taken by another item", result.conflicts());
          case REFERENCE_MISSING -> throw referenceMissing(result.dangling());
          case PRECONDITION_FAILED -> throw new PreconditionFailedException();
          case GONE -> throw gone(withOffer(caller, result.item(), now));
          case RACE -> throw concurrentChange(id);
          case NOT_FOUND -> throw noItem(collection, id);
        });
  }

  /**
   * Erases the item for a data-protection request: afterwards every read of it, its undo and its
   * restore answer 404.
   */
  public Future<Void> erase(Caller caller, String collection, UUID id) {
    return store.erase(caller.tenant(), collection, id, now(), caller.actor()).map(result -> switch (result.outcome()) {
      case ERASED -> null;
      case HELD -> throw new ItemHeldException("item " + id + " in '" + collection + "' is on legal hold; release the hold to erase it");
      case NOT_FOUND -> throw noItem(collection, id);
    });
  }

  /** The tombstoned item, with its undo offer while the window is open; a repeated DELETE answers alike. */
  public Future<Item> delete(Caller caller, String collection, UUID id, ItemCondition condition) {
    Instant now = now();
    return store.delete(caller.tenant(), collection, id, now, condition, ids.next(), caller.actor())
        .compose(result -> switch (result.outcome()) {
          case DELETED -> {
            metrics.deleted(caller.tenant(), collection);
            StoredItem tombstone = result.tombstone();
            Deletion deletion = new Deletion(tombstone.deletionId(), collection, result.covered(), tombstone.undoExpiresAt(),
                caller.actor());
            yield offers.offer(caller.tenant(), deletion).map(offer -> tombstone.item().withUndo(offer));
          }
          case REPEAT -> Future.succeededFuture(withOffer(caller, result.tombstone(), now));
          case PRECONDITION_FAILED -> Future.failedFuture(new PreconditionFailedException());
          case RESTRICTED -> Future.failedFuture(DeletionService.restricted(result.blockedBy()));
          case TOO_MANY -> Future.failedFuture(DeletionService.tooLarge(store.maxDeletionItems()));
          case RACE -> Future.failedFuture(concurrentChange(id));
          case NOT_FOUND -> Future.failedFuture(noItem(collection, id));
        });
  }

  private Item withOffer(Caller caller, StoredItem stored, Instant now) {
    Item item = stored.item();
    if (!item.isDeleted() || stored.undoExpiresAt() == null) {
      return item;
    }
    UndoOffer offer = offers.offerOf(caller.tenant(), stored.deletionId(), stored.undoExpiresAt(), now);
    return offer == null ? item : item.withUndo(offer);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static ItemGoneException gone(Item item) {
    return new ItemGoneException("item " + item.id() + " was deleted", item.deletedAt(), item.undo(), item.deletionId());
  }

  private static ReferenceMissingException referenceMissing(List<DanglingReference> dangling) {
    return new ReferenceMissingException("a reference names no active item of the collection it refers to", dangling);
  }

  private static NotFoundException noItem(String collection, UUID id) {
    return new NotFoundException("item " + id + " does not exist in '" + collection + "'");
  }

  private static NotFoundException noCollection(String collection) {
    return new NotFoundException("there is no collection '" + collection + "'");
  }

  private static StateConflictException concurrentChange(UUID id) {
    return new StateConflictException("item " + id + " kept changing under this request; try again");
  }
}
