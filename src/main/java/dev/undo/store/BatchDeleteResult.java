package dev.undo.store;

import dev.undo.domain.Deletion;
import dev.undo.domain.Referrer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The answer of deletion-create.sql: the deletion it made (or, for a replay, the one the key made
 * before), when it was made, the named ids that were deleted before it, for MISSING the ids the
 * collection does not have, for RESTRICTED the referrers in the way.
 */
public record BatchDeleteResult(Outcome outcome, Deletion deletion, Instant deletedAt, List<UUID> alreadyDeleted,
    List<UUID> missing, List<Referrer> blockedBy) {

  public enum Outcome {
    DELETED,
    /** The Idempotency-Key made a deletion before, for the same collection and ids: that one. */
    REPLAY,
    /** The Idempotency-Key came before with another collection or other ids; nothing was done. */
    KEY_REUSED,
    /** Some ids are not items of the collection; nothing was deleted. */
    MISSING,
    /** Active items refer to what it would cover through a restrict reference; nothing was deleted. */
    RESTRICTED,
    /** It would cover more items than a deletion may; nothing was deleted. */
    TOO_MANY,
    /** No such collection. */
    NOT_FOUND
  }
}
