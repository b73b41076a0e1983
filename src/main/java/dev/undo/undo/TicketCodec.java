package dev.undo.undo;

import dev.undo.domain.Deletion;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Undo tickets as compact JSON, for caches outside the JVM. */
final class TicketCodec {
  private TicketCodec() {}

  static Buffer encode(UndoTicket ticket) {
    Deletion deletion = ticket.deletion();
    JsonArray items = new JsonArray();
    deletion.itemIds().forEach(id -> items.add(id.toString()));
    return new JsonObject()
        .put("t", ticket.tenant())
        .put("id", deletion.id().toString())
        .put("c", deletion.collection())
        .put("x", deletion.expiresAt().toEpochMilli())
        .put("a", deletion.actor())
        .put("items", items)
        .toBuffer();
  }

  /**
   * The ticket, or null for one this codec cannot read (written by another version of the service
   * during a rolling upgrade): the undo then finds the deletion in PostgreSQL.
   */
  static UndoTicket decode(Buffer buffer) {
    try {
      JsonObject json = buffer.toJsonObject();
      List<UUID> items = new ArrayList<>();
      for (Object id : json.getJsonArray("items")) {
        items.add(UUID.fromString((String) id));
      }
      return new UndoTicket(json.getString("t"), new Deletion(UUID.fromString(json.getString("id")),
          json.getString("c"), items, Instant.ofEpochMilli(json.getLong("x")), json.getString("a")));
    } catch (RuntimeException unreadable) {
      return null;
    }
  }
}
