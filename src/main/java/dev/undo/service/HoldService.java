package dev.undo.service;

import dev.undo.domain.Hold;
import dev.undo.domain.NotFoundException;
import dev.undo.store.HoldStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Legal holds. A held item is kept whole: the purge moves its history out of the partitions it drops,
 * and an erasure of it answers 409. Deleting, undoing and restoring it work as for any item.
 */
public final class HoldService {
  private final HoldStore store;
  private final Clock clock;

  public HoldService(HoldStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public Future<Hold> hold(Caller caller, String collection, UUID id, String reason) {
    return store.hold(caller.tenant(), collection, id, reason, now(), caller.actor()).map(result -> switch (result.outcome()) {
      case HELD -> result.hold();
      case NOT_FOUND -> throw noItem(collection, id);
    });
  }

  public Future<Hold> get(Caller caller, String collection, UUID id) {
    return store.get(caller.tenant(), collection, id, now()).map(result -> switch (result.outcome()) {
      case HELD -> result.hold();
      case NOT_HELD -> throw new NotFoundException("item " + id + " in '" + collection + "' is not on legal hold");
      case NOT_FOUND -> throw noItem(collection, id);
    });
  }

  /** Releasing an item that is not held succeeds too: the outcome asked for holds. */
  public Future<Void> release(Caller caller, String collection, UUID id) {
    return store.release(caller.tenant(), collection, id, now()).map(result -> switch (result.outcome()) {
      case RELEASED, NOT_HELD -> null;
      case NOT_FOUND -> throw noItem(collection, id);
    });
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static NotFoundException noItem(String collection, UUID id) {
    return new NotFoundException("item " + id + " does not exist in '" + collection + "'");
  }
}
