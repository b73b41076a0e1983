package dev.undo.undo;

import dev.undo.domain.Deletion;
import java.time.Instant;
import java.util.UUID;

/** What the undo cache keeps for one deletion until its window closes: whose it is, and the deletion. */
public record UndoTicket(String tenant, Deletion deletion) {

  public UUID deletionId() {
    return deletion.id();
  }

  public Instant expiresAt() {
    return deletion.expiresAt();
  }
}
