package dev.undo.service;

import dev.undo.domain.Deletion;
import dev.undo.domain.Item;
import dev.undo.domain.ItemCondition;
import dev.undo.domain.ItemGoneException;
import dev.undo.domain.ItemVersion;
import dev.undo.domain.NotFoundException;
import dev.undo.domain.PreconditionFailedException;
import dev.undo.domain.StateConflictException;
import dev.undo.domain.UndoExpiredException;
import dev.undo.domain.UndoOffer;
import dev.undo.domain.UniqueConflictException;
import dev.undo.domain.UuidV7;
import dev.undo.metrics.UndoMetrics;
import dev.undo.metrics.UndoMetrics.RestoreOutcome;
import dev.undo.store.DeletionStore;
import dev.undo.store.DeletionUndoResult;
import dev.undo.store.ItemStore;
import dev.undo.store.StoredItem;
import dev.undo.undo.UndoOffers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The item use cases. PostgreSQL decides every answer; the undo offers only find a deletion's
 * items faster, and losing their cache changes no answer.
 */
public final class ItemService {
  private final ItemStore store;
  private final DeletionStore deletions;
  private final UndoOffers offers;
  private final UuidV7 ids;
  private final Clock clock;
  private final UndoMetrics metrics;

  /** @param ids shared by every instance, so that ids stay in creation order across event loops */
  public ItemService(ItemStore store, DeletionStore deletions, UndoOffers offers, UuidV7 ids, Clock clock,
      UndoMetrics metrics) {
    this.store = store;
    this.deletions = deletions;
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

  public Future<Page> list(Caller caller, String collection, boolean deleted, UUID after, int limit) {
    Instant now = now();
    return store.list(caller.tenant(), collection, deleted, after, limit + 1, now).map(found -> {
      if (found == null) {
        throw noCollection(collection);
      }
      boolean more = found.size() > limit;
      List<StoredItem> page = more ? found.subList(0, limit) : found;
      List<Item> items = page.stream().map(item -> withOffer(caller, item, now)).toList();
      return new Page(items, more ? items.get(items.size() - 1).id() : null);
    });
  }

  /** PUT ({@code mergePatch} false) or PATCH with an RFC 7396 merge patch. */
  public Future<Item> update(
      Caller caller, String collection, UUID id, ItemCondition condition, JsonObject data, boolean mergePatch) {
    Instant now = now();
    return store.update(caller.tenant(), collection, id, now, condition, data, mergePatch, caller.actor())
        .map(result -> switch (result.outcome()) {
          case UPDATED -> result.item().item();
          case CONFLICT -> throw new UniqueConflictException("a unique value is taken by another item", result.conflicts());
          case PRECONDITION_FAILED -> throw new PreconditionFailedException();
          case GONE -> throw gone(withOffer(caller, result.item(), now));
          case RACE -> throw concurrentChange(id);
          case NOT_FOUND -> throw noItem(collection, id);
        });
  }

  /** The tombstoned item, with its undo offer while the window is open; a repeated DELETE answers alike. */
  public Future<Item> delete(Caller caller, String collection, UUID id, ItemCondition condition) {
    Instant now = now();
    return store.delete(caller.tenant(), collection, id, now, condition, ids.next(), caller.actor())
        .compose(result -> switch (result.outcome()) {
          case DELETED -> {
            metrics.deleted(collection);
            StoredItem tombstone = result.tombstone();
            Deletion deletion = new Deletion(tombstone.deletionId(), collection, List.of(id), tombstone.undoExpiresAt(),
                caller.actor());
            yield offers.offer(caller.tenant(), deletion).map(offer -> tombstone.item().withUndo(offer));
          }
          case REPEAT -> Future.succeededFuture(withOffer(caller, result.tombstone(), now));
          case PRECONDITION_FAILED -> Future.failedFuture(new PreconditionFailedException());
          case RACE -> Future.failedFuture(concurrentChange(id));
          case NOT_FOUND -> Future.failedFuture(noItem(collection, id));
        });
  }

  /** Undo by token. */
  public Future<UndoResult> undo(Caller caller, String token) {
    Instant now = now();
    String notFound = "no deletion has this undo token";
    return offers.locate(caller.tenant(), token, now).compose(deletion -> {
      if (deletion == null) {
        metrics.restore(null, RestoreOutcome.NOT_FOUND);
        return Future.failedFuture(new NotFoundException(notFound));
      }
      return deletions.undo(caller.tenant(), deletion, now, caller.actor())
          .compose(result -> result.outcome() == DeletionUndoResult.Outcome.CONFLICT
              // Nothing was restored, so the deletion stays undoable: give its ticket back.
              ? offers.keep(caller.tenant(), deletion).map(result)
              : Future.succeededFuture(result))
          .map(result -> undoAnswer(result, deletion.collection(), now, false, notFound));
    });
  }

  /** Undo of the latest deletion of an item: two statements, one to find the deletion, one to undo it. */
  public Future<UndoResult> undoLatest(Caller caller, String collection, UUID id) {
    Instant now = now();
    String notFound = "item " + id + " does not exist in '" + collection + "'";
    return deletions.ofItem(caller.tenant(), collection, id, now).compose(latest -> {
      if (latest.deletion() == null) {
        metrics.restore(collection, latest.live() ? RestoreOutcome.CONFLICT : RestoreOutcome.NOT_FOUND);
        return Future.failedFuture(latest.live() ? notDeleted() : new NotFoundException(notFound));
      }
      return deletions.undo(caller.tenant(), latest.deletion(), now, caller.actor())
          .map(result -> undoAnswer(result, collection, now, latest.live(), notFound));
    });
  }

  /** @param live the item of an undo by item is live, so that a closed window means "not deleted" */
  private UndoResult undoAnswer(DeletionUndoResult result, String collection, Instant now, boolean live, String notFound) {
    DeletionUndoResult.Outcome outcome = result.outcome();
    if (outcome == DeletionUndoResult.Outcome.EXPIRED && live) {
      metrics.restore(collection, RestoreOutcome.CONFLICT);
      throw notDeleted();
    }
    metrics.restore(result.collection() != null ? result.collection() : collection, outcomeLabel(outcome));
    return switch (outcome) {
      case RESTORED -> {
        metrics.restoredAfter(Duration.between(result.deletedAt(), now));
        yield new UndoResult(result.items().get(0).item(), true);
      }
      case REPEAT -> new UndoResult(result.items().get(0).item(), false);
      case EXPIRED -> throw new UndoExpiredException(result.expiresAt());
      case CONFLICT -> throw new UniqueConflictException(
          "a unique value of the deleted item was taken meanwhile; nothing was restored", result.conflicts());
      case SUPERSEDED -> throw new StateConflictException(
          "this deletion was undone and its item deleted again; use the newer undo link");
      case RACE -> throw new StateConflictException("another undo of this deletion is under way");
      case NOT_FOUND -> throw new NotFoundException(notFound);
    };
  }

  private static RestoreOutcome outcomeLabel(DeletionUndoResult.Outcome outcome) {
    return switch (outcome) {
      case RESTORED -> RestoreOutcome.RESTORED;
      case REPEAT -> RestoreOutcome.REPEAT;
      case EXPIRED -> RestoreOutcome.EXPIRED;
      case NOT_FOUND -> RestoreOutcome.NOT_FOUND;
      case CONFLICT, SUPERSEDED, RACE -> RestoreOutcome.CONFLICT;
    };
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

  private static NotFoundException noItem(String collection, UUID id) {
    return new NotFoundException("item " + id + " does not exist in '" + collection + "'");
  }

  private static NotFoundException noCollection(String collection) {
    return new NotFoundException("there is no collection '" + collection + "'");
  }

  private static StateConflictException notDeleted() {
    return new StateConflictException("the item is not deleted");
  }

  private static StateConflictException concurrentChange(UUID id) {
    return new StateConflictException("item " + id + " kept changing under this request; try again");
  }
}
