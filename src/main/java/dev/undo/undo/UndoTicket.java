package dev.undo.undo;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the undo cache keeps for one deletion until its window closes: who owns it, which items it
 * covered with a snapshot of each, when the window closes, and the range of {@code purge_at} of its
 * tombstones, which lets the restore statement touch only the history partitions that hold them.
 */
public record UndoTicket(
    String tenant,
    UUID deletionId,
    String collection,
    Instant expiresAt,
    Instant purgeFrom,
    Instant purgeTo,
    List<Snapshot> items) {

  public UndoTicket {
    items = List.copyOf(items);
  }

  /** A deleted item as it was when deleted. */
  public record Snapshot(UUID id, int version, JsonObject data) {}
}
