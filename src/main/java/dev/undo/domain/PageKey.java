package dev.undo.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * Where a page of a listing ends, for the next to start after: the last item's id and, in the trash
 * (newest deletion first), the instant it was deleted (null in id order).
 */
public record PageKey(Instant deletedAt, UUID id) {}
