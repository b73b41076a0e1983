package dev.undo.service;

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
import dev.undo.store.ItemStore;
import dev.undo.store.Outcome;
import dev.undo.store.StatementResult;
import dev.undo.store.StoredItem;
import dev.undo.undo.UndoCache;
import dev.undo.undo.UndoTicket;
import dev.undo.undo.UndoTokens;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The item use cases. PostgreSQL decides every answer; the undo cache only tells the restore
 * statement where to look, and losing it changes no answer.
 */
public final class ItemService {
  private static final Logger LOG = LoggerFactory.getLogger(ItemService.class);

  private final ItemStore store;
  private final UndoCache cache;
  private final UndoTokens tokens;
  private final UuidV7 ids;
  private final Clock clock;
  private final UndoMetrics metrics;

  /** @param ids shared by every instance, so that ids stay in creation order across event loops */
  public ItemService(ItemStore store, UndoCache cache, UndoTokens tokens, UuidV7 ids, Clock clock, UndoMetrics metrics) {
    this.store = store;
    this.cache = cache;
    this.tokens = tokens;
    this.ids = ids;
    this.clock = clock;
    this.metrics = metrics;
  }

  public Future<Item> create(Caller caller, String collection, JsonObject data) {
    Instant now = now();
    return store.create(caller.tenant(), collection, ids.next(), data, now, caller.actor()).map(result -> {
      switch (result.outcome()) {
        case CREATED:
          return result.item().item();
        case CONFLICT:
          throw new UniqueConflictException("a unique value is taken by another item", result.conflicts());
        default:
          throw noCollection(collection);
      }
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
        throw new ItemGoneException("item " + id + " was deleted at " + instant, found.item().deletedAt(), null);
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
        .map(result -> {
          switch (result.outcome()) {
            case UPDATED:
              return result.item().item();
            case CONFLICT:
              throw new UniqueConflictException("a unique value is taken by another item", result.conflicts());
            case PRECONDITION_FAILED:
              throw new PreconditionFailedException();
            case GONE:
              throw gone(withOffer(caller, result.item(), now));
            case RACE:
              throw concurrentChange(id);
            default:
              throw noItem(collection, id);
          }
        });
  }

  /** The tombstoned item, with its undo offer while the window is open; a repeated DELETE answers alike. */
  public Future<Item> delete(Caller caller, String collection, UUID id, ItemCondition condition) {
    Instant now = now();
    UUID deletionId = ids.next();
    return store.delete(caller.tenant(), collection, id, now, condition, deletionId, caller.actor())
        .compose(result -> {
          switch (result.outcome()) {
            case DELETED:
              metrics.deleted(collection);
              return remember(caller, result.item())
                  .map(ignored -> withOffer(caller, result.item(), now));
            case REPEAT:
              return Future.succeededFuture(withOffer(caller, result.item(), now));
            case PRECONDITION_FAILED:
              return Future.failedFuture(new PreconditionFailedException());
            case RACE:
              return Future.failedFuture(concurrentChange(id));
            default:
              return Future.failedFuture(noItem(collection, id));
          }
        });
  }

  /** Undo by token: the ticket, if the cache still has it, narrows the search; PostgreSQL decides. */
  public Future<UndoResult> undo(Caller caller, String token) {
    UUID deletionId = tokens.open(caller.tenant(), token);
    if (deletionId == null) {
      metrics.restore(null, "not_found");
      return Future.failedFuture(new NotFoundException("no deletion has this undo token"));
    }
    Instant now = now();
    return takeTicket(caller, deletionId).compose(ticket -> store
        .restore(caller.tenant(), deletionId,
            ticket == null ? null : ticket.purgeFrom(), ticket == null ? null : ticket.purgeTo(), now, caller.actor())
        .compose(result -> {
          if (ticket == null && (result.outcome() == Outcome.RESTORED || result.outcome() == Outcome.CONFLICT)) {
            metrics.cacheFallback();
          }
          if (ticket != null && result.outcome() == Outcome.CONFLICT) {
            // Nothing was restored, so the deletion stays undoable: keep its ticket.
            return cache.put(ticket).otherwiseEmpty().map(ignored -> result);
          }
          return Future.succeededFuture(result);
        }))
        .map(result -> undoAnswer(result, null, now, "no deletion has this undo token"));
  }

  /** Undo of the latest deletion of an item. */
  public Future<UndoResult> undoLatest(Caller caller, String collection, UUID id) {
    Instant now = now();
    return store.restoreLatest(caller.tenant(), collection, id, now, caller.actor())
        .map(result -> undoAnswer(result, collection, now, "item " + id + " does not exist in '" + collection + "'"));
  }

  private UndoResult undoAnswer(StatementResult result, String collection, Instant now, String notFound) {
    metrics.restore(result.collection() != null ? result.collection() : collection, outcomeLabel(result.outcome()));
    switch (result.outcome()) {
      case RESTORED:
        metrics.restoredAfter(Duration.between(result.deletedAt(), now));
        return new UndoResult(result.item().item(), true);
      case REPEAT:
        return new UndoResult(result.item().item(), false);
      case EXPIRED:
        throw new UndoExpiredException(result.undoExpiresAt());
      case CONFLICT:
        throw new UniqueConflictException(
            "a unique value of the deleted item was taken meanwhile; nothing was restored", result.conflicts());
      case NOT_DELETED:
        throw new StateConflictException("the item is not deleted");
      case SUPERSEDED:
        throw new StateConflictException("this deletion was undone and its item deleted again; use the newer undo link");
      case RACE:
        throw new StateConflictException("another undo of this deletion is under way");
      default:
        throw new NotFoundException(notFound);
    }
  }

  /** The outcome label of {@code undo_restores_total}: restored, repeat, expired, conflict, not_found. */
  private static String outcomeLabel(Outcome outcome) {
    switch (outcome) {
      case RESTORED:
        return "restored";
      case REPEAT:
        return "repeat";
      case EXPIRED:
        return "expired";
      case NOT_FOUND:
        return "not_found";
      default:
        return "conflict";
    }
  }

  private Future<UndoTicket> takeTicket(Caller caller, UUID deletionId) {
    return cache.take(caller.tenant(), deletionId).recover(failure -> {
      metrics.cacheError(cache.kind());
      LOG.debug("undo cache {} could not be read; PostgreSQL answers alone", cache.kind(), failure);
      return Future.succeededFuture(null);
    });
  }

  /** Puts the ticket of a new deletion into the cache; a cache failure costs speed, not the request. */
  private Future<Void> remember(Caller caller, StoredItem tombstone) {
    Item item = tombstone.item();
    UndoTicket ticket = new UndoTicket(caller.tenant(), tombstone.deletionId(), item.collection(),
        tombstone.undoExpiresAt(), item.purgeAt(), item.purgeAt(),
        List.of(new UndoTicket.Snapshot(item.id(), item.version(), item.data())));
    return cache.put(ticket).recover(failure -> {
      metrics.cacheError(cache.kind());
      LOG.debug("undo cache {} could not keep a ticket; PostgreSQL still holds the deadline", cache.kind(), failure);
      return Future.succeededFuture();
    });
  }

  private Item withOffer(Caller caller, StoredItem stored, Instant now) {
    Item item = stored.item();
    if (!item.isDeleted() || stored.undoExpiresAt() == null || now.isAfter(stored.undoExpiresAt())) {
      return item;
    }
    return item.withUndo(new UndoOffer(tokens.issue(caller.tenant(), stored.deletionId()), stored.undoExpiresAt()));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static ItemGoneException gone(Item item) {
    return new ItemGoneException("item " + item.id() + " was deleted", item.deletedAt(), item.undo());
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
