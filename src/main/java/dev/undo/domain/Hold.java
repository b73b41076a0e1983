package dev.undo.domain;

import java.time.Instant;
import java.util.UUID;

/** A legal hold on an item: while it stands, the item's versions and tombstones are neither purged nor erased. */
public record Hold(String collection, UUID itemId, String reason, Instant heldAt, String heldBy) {}
