package dev.undo.undo;

import dev.undo.domain.Deletion;
import dev.undo.domain.UndoOffer;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.UUID;

/**
 * The undo subsystem as the service uses it: it offers the undo of a deletion (a token and the end
 * of the window) and finds the deletion a token names. Behind it are the signed tokens, the undo
 * cache as the fast path, and PostgreSQL when the cache does not have a ticket. It decides no answer:
 * the undo statement does, in PostgreSQL.
 */
public interface UndoOffers {

  /** Offers the undo of a deletion just made; its ticket goes to the cache, whose failure costs speed only. */
  Future<UndoOffer> offer(String tenant, Deletion deletion);

  /**
   * The offer of a deletion made before (a repeated DELETE, a read of a tombstone): the same token;
   * null once the window has closed.
   */
  UndoOffer offerOf(String tenant, UUID deletionId, Instant expiresAt, Instant now);

  /**
   * The deletion a token names, taking its ticket from the cache, else from PostgreSQL; null when no
   * deletion of this tenant has that token (malformed, forged, another tenant's, or purged).
   */
  Future<Deletion> locate(String tenant, String token, Instant now);

  /** Gives back the ticket of a deletion an undo left undoable (a unique value was in the way). */
  Future<Void> keep(String tenant, Deletion deletion);
}
