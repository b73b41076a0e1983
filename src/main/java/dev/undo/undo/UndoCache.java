package dev.undo.undo;

import io.vertx.core.Future;
import java.util.UUID;

/**
 * The fast path for undo: tickets by deletion, each living until its window closes. It is never the
 * authority (PostgreSQL is): a ticket may be missing (evicted, lost in a restart, never written
 * after a crash) and callers then fall back to the tombstones in PostgreSQL.
 */
public interface UndoCache {

  /** Keeps the ticket until {@link UndoTicket#expiresAt()}; a ticket already kept stays as it is. */
  Future<Void> put(UndoTicket ticket);

  /**
   * Removes and returns the ticket of a deletion, or null when there is none. Of two takes at the
   * same moment, at most one gets the ticket.
   */
  Future<UndoTicket> take(String tenant, UUID deletionId);

  /** A short name for logs and metrics: "caffeine", "redis". */
  String kind();

  Future<Void> close();
}
