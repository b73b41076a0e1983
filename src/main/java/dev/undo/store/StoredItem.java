package dev.undo.store;

import dev.undo.domain.Item;
import java.time.Instant;
import java.util.UUID;

/**
 * An item as stored, with what the service needs to offer an undo of it: the deletion that
 * tombstoned it and the end of that deletion's window (both null while it is active), and whether
 * its collection restores from the trash after the window (read by the listings; true elsewhere).
 */
public record StoredItem(Item item, UUID deletionId, Instant undoExpiresAt, boolean restoreAfterWindow) {}
