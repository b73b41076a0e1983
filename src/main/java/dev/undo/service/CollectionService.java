package dev.undo.service;

import dev.undo.domain.CollectionSettings;
import dev.undo.domain.NotFoundException;
import dev.undo.domain.UniqueConflictException;
import dev.undo.store.CollectionStore;
import dev.undo.store.HistoryPartitions;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Creates, updates and reads collections. */
public final class CollectionService {
  private final CollectionStore store;
  private final HistoryPartitions partitions;
  private final Clock clock;

  public CollectionService(CollectionStore store, HistoryPartitions partitions, Clock clock) {
    this.store = store;
    this.partitions = partitions;
    this.clock = clock;
  }

  /** What a PUT did: created (true) or updated, and the collection as stored. */
  public record Saved(boolean created, CollectionSettings collection) {}

  /**
   * Creates or updates a collection, then makes the history partitions its retention needs, so
   * the first delete in it does not wait for them.
   */
  public Future<Saved> put(Caller caller, CollectionSettings settings) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return store.put(caller.tenant(), settings, now).compose(result -> switch (result.outcome()) {
      case CONFLICT -> Future.failedFuture(new UniqueConflictException(
          "live items share values of the new unique fields; nothing was changed", result.conflicts()));
      case CREATED, UPDATED -> partitions.premake(now).map(made -> new Saved(result.outcome() == CollectionStore.PutResult.Outcome.CREATED, result.collection()));
    });
  }

  public Future<CollectionSettings> get(Caller caller, String name) {
    return store.get(caller.tenant(), name).compose(found -> found == null
        ? Future.failedFuture(new NotFoundException("there is no collection '" + name + "'"))
        : Future.succeededFuture(found));
  }

  public Future<List<CollectionSettings>> list(Caller caller) {
    return store.list(caller.tenant());
  }
}
