package dev.undo.store;

import dev.undo.domain.Deletion;
import java.time.Instant;

/**
 * The answer of deletion-get.sql: the deletion, when it was made, how many of its items are still its
 * tombstones (all: open or closed; none: undone or restored), and whether what ended them came after
 * the window (a restore from the trash).
 */
public record StoredDeletion(Deletion deletion, Instant deletedAt, int stillDeleted, boolean endedAfterWindow) {}
