package dev.undo.domain;

import java.time.Instant;

/**
 * A deletion as a client sees it: the deletion, when it was made, where it stands, and its undo offer
 * while the window is open (else null).
 */
public record DeletionRecord(Deletion deletion, Instant deletedAt, DeletionState state, UndoOffer undo) {}
