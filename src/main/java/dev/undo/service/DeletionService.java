package dev.undo.service;

import dev.undo.domain.DanglingReference;
import dev.undo.domain.Deletion;
import dev.undo.domain.DeletionRecord;
import dev.undo.domain.DeletionRestrictedException;
import dev.undo.domain.DeletionState;
import dev.undo.domain.DeletionTooLargeException;
import dev.undo.domain.IdempotencyKeyReusedException;
import dev.undo.domain.Item;
import dev.undo.domain.MissingItemsException;
import dev.undo.domain.NotFoundException;
import dev.undo.domain.ReferenceDeletedException;
import dev.undo.domain.Referrer;
import dev.undo.domain.StateConflictException;
import dev.undo.domain.UndoExpiredException;
import dev.undo.domain.UndoOffer;
import dev.undo.domain.UniqueConflictException;
import dev.undo.domain.UuidV7;
import dev.undo.metrics.UndoMetrics;
import dev.undo.metrics.UndoMetrics.RestoreOutcome;
import dev.undo.store.BatchDeleteResult;
import dev.undo.store.DeletionRestoreResult;
import dev.undo.store.DeletionStore;
import dev.undo.store.DeletionUndoResult;
import dev.undo.store.StoredDeletion;
import dev.undo.store.StoredItem;
import dev.undo.undo.UndoOffers;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The deletion use cases: a deletion of many items, reading a deletion, and undoing one (by token, by
 * its id, or by one of its items). PostgreSQL decides every answer; the undo offers only find a
 * deletion's items faster.
 */
public final class DeletionService {
  private final DeletionStore store;
  private final UndoOffers offers;
  private final UuidV7 ids;
  private final Clock clock;
  private final UndoMetrics metrics;

  /** @param ids shared by every instance, so that ids stay in creation order across event loops */
  public DeletionService(DeletionStore store, UndoOffers offers, UuidV7 ids, Clock clock, UndoMetrics metrics) {
    this.store = store;
    this.offers = offers;
    this.ids = ids;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** A batch: the deletion it made, or the one its Idempotency-Key made before, and what was deleted already. */
  public record Batch(DeletionRecord deletion, List<UUID> alreadyDeleted) {}

  /** Deletes the named items of a collection in one deletion, all or nothing. */
  public Future<Batch> deleteMany(Caller caller, String collection, List<UUID> itemIds, String idempotencyKey) {
    Instant now = now();
    return store.create(caller.tenant(), collection, itemIds, now, ids.next(), caller.actor(), idempotencyKey)
        .compose(result -> switch (result.outcome()) {
          case DELETED -> {
            Deletion deletion = result.deletion();
            if (deletion.isEmpty()) {
              yield Future.succeededFuture(batch(result, DeletionState.OPEN, null));
            }
            metrics.deleted(caller.tenant(), collection);
            yield offers.offer(caller.tenant(), deletion).map(offer -> batch(result, DeletionState.OPEN, offer));
          }
          // Answered as the first time: open with its undo link while the window is.
          case REPLAY -> Future.succeededFuture(batch(result, now.isAfter(result.deletion().expiresAt())
              ? DeletionState.CLOSED : DeletionState.OPEN, offerOf(caller, result.deletion(), now)));
          case KEY_REUSED -> Future.failedFuture(new IdempotencyKeyReusedException(
              "this Idempotency-Key came with another request before; use a new key for a new request"));
          case MISSING -> Future.failedFuture(new MissingItemsException(
              "some ids are not items of '" + collection + "'; nothing was deleted", result.missing()));
          case RESTRICTED -> Future.failedFuture(restricted(result.blockedBy()));
          case TOO_MANY -> Future.failedFuture(tooLarge(store.maxDeletionItems()));
          case NOT_FOUND -> Future.failedFuture(new NotFoundException("there is no collection '" + collection + "'"));
        });
  }

  private static Batch batch(BatchDeleteResult result, DeletionState state, UndoOffer offer) {
    return new Batch(new DeletionRecord(result.deletion(), result.deletedAt(), state, offer), result.alreadyDeleted());
  }

  /** The deletion as it stands now. */
  public Future<DeletionRecord> get(Caller caller, UUID deletionId) {
    Instant now = now();
    return store.get(caller.tenant(), deletionId, now).map(found -> {
      if (found == null) {
        throw noDeletion(deletionId);
      }
      return record(caller, found, now);
    });
  }

  private DeletionRecord record(Caller caller, StoredDeletion found, Instant now) {
    Deletion deletion = found.deletion();
    if (found.stillDeleted() < deletion.itemIds().size()) {
      return new DeletionRecord(deletion, found.deletedAt(),
          found.endedAfterWindow() ? DeletionState.RESTORED : DeletionState.UNDONE, null);
    }
    UndoOffer offer = offerOf(caller, deletion, now);
    return new DeletionRecord(deletion, found.deletedAt(), offer == null ? DeletionState.CLOSED : DeletionState.OPEN, offer);
  }

  private UndoOffer offerOf(Caller caller, Deletion deletion, Instant now) {
    return deletion.isEmpty() ? null : offers.offerOf(caller.tenant(), deletion.id(), deletion.expiresAt(), now);
  }

  /** Undo by token. */
  public Future<UndoResult> undo(Caller caller, String token) {
    Instant now = now();
    return offers.locate(caller.tenant(), token, now)
        .compose(deletion -> undoLocated(caller, deletion, now, "no deletion has this undo token", true));
  }

  /** Undo of a deletion named by its id. */
  public Future<UndoResult> undo(Caller caller, UUID deletionId) {
    Instant now = now();
    return store.locate(caller.tenant(), deletionId, now)
        .compose(deletion -> undoLocated(caller, deletion, now, noDeletion(deletionId).getMessage(), false));
  }

  /** @param ticketed the deletion came from its ticket, which goes back to the cache when the undo leaves it undoable */
  private Future<UndoResult> undoLocated(Caller caller, Deletion deletion, Instant now, String notFound, boolean ticketed) {
    if (deletion == null) {
      metrics.restore(caller.tenant(), null, RestoreOutcome.NOT_FOUND);
      return Future.failedFuture(new NotFoundException(notFound));
    }
    if (deletion.isEmpty()) {
      // A batch whose every item was deleted before: nothing to bring back, inside the window as after.
      if (now.isAfter(deletion.expiresAt())) {
        return Future.failedFuture(new UndoExpiredException(deletion.expiresAt()));
      }
      return standing(caller, deletion.id(), now, List.of());
    }
    return store.undo(caller.tenant(), deletion, now, caller.actor())
        .compose(result -> ticketed && (result.outcome() == DeletionUndoResult.Outcome.CONFLICT
                || result.outcome() == DeletionUndoResult.Outcome.REFERENCE_DELETED)
            // Nothing was restored, so the deletion stays undoable: give its ticket back.
            ? offers.keep(caller.tenant(), deletion).map(result)
            : Future.succeededFuture(result))
        .map(result -> undoAnswer(caller, deletion, result, now, false, notFound));
  }

  /** Restore from the trash of a deletion named by its id: until purge, after the window too. */
  public Future<UndoResult> restore(Caller caller, UUID deletionId) {
    Instant now = now();
    return store.locate(caller.tenant(), deletionId, now).compose(deletion -> deletion == null
        ? Future.failedFuture(noDeletion(deletionId))
        : restoreLocated(caller, deletion, now, false));
  }

  /** Restore of the latest deletion of an item (the whole deletion). */
  public Future<UndoResult> restoreLatest(Caller caller, String collection, UUID id) {
    Instant now = now();
    return store.ofItem(caller.tenant(), collection, id, now).compose(latest -> {
      if (latest.deletion() == null) {
        return Future.failedFuture(latest.live() ? notDeleted()
            : new NotFoundException("item " + id + " does not exist in '" + collection + "'"));
      }
      return restoreLocated(caller, latest.deletion(), now, latest.live());
    });
  }

  /** @param live the item of a restore by item is live */
  private Future<UndoResult> restoreLocated(Caller caller, Deletion deletion, Instant now, boolean live) {
    if (deletion.isEmpty()) {
      return standing(caller, deletion.id(), now, List.of());
    }
    return store.restore(caller.tenant(), deletion, now, caller.actor()).compose(result -> {
      List<Item> items = result.items().stream().map(StoredItem::item).toList();
      return switch (result.outcome()) {
        case RESTORED -> Future.succeededFuture(new UndoResult(new DeletionRecord(deletion, result.deletedAt(),
            now.isAfter(deletion.expiresAt()) ? DeletionState.RESTORED : DeletionState.UNDONE, null), items, true));
        // Restored or undone before: the deletion as it stands says which.
        case REPEAT -> standing(caller, deletion.id(), now, items);
        case CONFLICT -> throw new UniqueConflictException(
            "a unique value of a deleted item was taken meanwhile; nothing was restored", result.conflicts());
        case REFERENCE_DELETED -> throw referenceDeleted(result.dangling());
        case NOT_ALLOWED -> throw new StateConflictException("the undo window has closed and a collection of this deletion"
            + " does not restore from the trash (restoreAfterWindow is false); nothing was restored");
        case SUPERSEDED -> throw new StateConflictException(
            "this deletion was restored and an item of it deleted again; restore the newer deletion");
        case RACE -> throw new StateConflictException("another restore of this deletion is under way");
        case NOT_FOUND -> throw live ? notDeleted() : noDeletion(deletion.id());
      };
    });
  }

  /**
   * An undo or restore that brought nothing back: the deletion as it stands, with {@code items} as
   * they are; 404 when it is gone meanwhile (forgotten by the background move, or purged).
   */
  private Future<UndoResult> standing(Caller caller, UUID deletionId, Instant now, List<Item> items) {
    return store.get(caller.tenant(), deletionId, now).map(found -> {
      if (found == null) {
        throw noDeletion(deletionId);
      }
      return new UndoResult(record(caller, found, now), items, false);
    });
  }

  /** Undo of the latest deletion of an item: two statements, one to find the deletion, one to undo it. */
  public Future<UndoResult> undoLatest(Caller caller, String collection, UUID id) {
    Instant now = now();
    String notFound = "item " + id + " does not exist in '" + collection + "'";
    return store.ofItem(caller.tenant(), collection, id, now).compose(latest -> {
      if (latest.deletion() == null) {
        metrics.restore(caller.tenant(), collection, latest.live() ? RestoreOutcome.CONFLICT : RestoreOutcome.NOT_FOUND);
        return Future.failedFuture(latest.live() ? notDeleted() : new NotFoundException(notFound));
      }
      return store.undo(caller.tenant(), latest.deletion(), now, caller.actor())
          .map(result -> undoAnswer(caller, latest.deletion(), result, now, latest.live(), notFound));
    });
  }

  /** @param live the item of an undo by item is live, so that a closed window means "not deleted" */
  private UndoResult undoAnswer(Caller caller, Deletion deletion, DeletionUndoResult result, Instant now, boolean live, String notFound) {
    DeletionUndoResult.Outcome outcome = result.outcome();
    String collection = result.collection() != null ? result.collection() : deletion.collection();
    if (outcome == DeletionUndoResult.Outcome.EXPIRED && live) {
      metrics.restore(caller.tenant(), collection, RestoreOutcome.CONFLICT);
      throw notDeleted();
    }
    metrics.restore(caller.tenant(), collection, outcomeLabel(outcome));
    return switch (outcome) {
      case RESTORED -> {
        metrics.restoredAfter(Duration.between(result.deletedAt(), now));
        yield undone(deletion, result, true);
      }
      case REPEAT -> undone(deletion, result, false);
      case EXPIRED -> throw new UndoExpiredException(result.expiresAt());
      case CONFLICT -> throw new UniqueConflictException(
          "a unique value of a deleted item was taken meanwhile; nothing was restored", result.conflicts());
      case REFERENCE_DELETED -> throw referenceDeleted(result.dangling());
      case SUPERSEDED -> throw new StateConflictException(
          "this deletion was undone and an item of it deleted again; use the newer undo link");
      case RACE -> throw new StateConflictException("another undo of this deletion is under way");
      case NOT_FOUND -> throw new NotFoundException(notFound);
    };
  }

  private static UndoResult undone(Deletion deletion, DeletionUndoResult result, boolean restored) {
    return new UndoResult(new DeletionRecord(deletion, result.deletedAt(), DeletionState.UNDONE, null),
        result.items().stream().map(StoredItem::item).toList(), restored);
  }

  private static RestoreOutcome outcomeLabel(DeletionUndoResult.Outcome outcome) {
    return switch (outcome) {
      case RESTORED -> RestoreOutcome.RESTORED;
      case REPEAT -> RestoreOutcome.REPEAT;
      case EXPIRED -> RestoreOutcome.EXPIRED;
      case NOT_FOUND -> RestoreOutcome.NOT_FOUND;
      case CONFLICT, REFERENCE_DELETED, SUPERSEDED, RACE -> RestoreOutcome.CONFLICT;
    };
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /** Also the refusal of a DELETE of one item ({@link ItemService}). */
  static DeletionRestrictedException restricted(List<Referrer> blockedBy) {
    return new DeletionRestrictedException(
        "active items refer to what this deletion would cover through a restrict reference; nothing was deleted", blockedBy);
  }

  static DeletionTooLargeException tooLarge(int limit) {
    return new DeletionTooLargeException(
        "this deletion with its cascade would cover more than " + limit + " items; nothing was deleted", limit);
  }

  private static ReferenceDeletedException referenceDeleted(List<DanglingReference> dangling) {
    return new ReferenceDeletedException("a reference of a deleted item names an item that is deleted (not by this"
        + " deletion) or gone; restore that first; nothing was restored", dangling);
  }

  private static NotFoundException noDeletion(UUID id) {
    return new NotFoundException("there is no deletion " + id);
  }

  private static StateConflictException notDeleted() {
    return new StateConflictException("the item is not deleted");
  }
}
