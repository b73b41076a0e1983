package dev.undo.undo;

import dev.undo.domain.Deletion;
import dev.undo.domain.ItemRef;
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
    deletion.items().forEach(item -> items.add(item.id().toString()));
    JsonObject json = new JsonObject()
        .put("t", ticket.tenant())
        .put("id", deletion.id().toString())
        .put("c", deletion.collection())
        .put("x", deletion.expiresAt().toEpochMilli())
        .put("a", deletion.actor())
        .put("items", items);
    if (deletion.items().stream().anyMatch(item -> !item.collection().equals(deletion.collection()))) {
      // A cascade across collections: each item's collection, in the order of items.
      JsonArray collections = new JsonArray();
      deletion.items().forEach(item -> collections.add(item.collection()));
      json.put("ic", collections);
    }
    return json.toBuffer();
  }

  /**
   * The ticket, or null for one this codec cannot read (written by another version of the service
   * during a rolling upgrade): the undo then finds the deletion in PostgreSQL.
   */
  static UndoTicket decode(Buffer buffer) {
    try {
      JsonObject json = buffer.toJsonObject();
      String collection = json.getString("c");
      JsonArray ids = json.getJsonArray("items");
      JsonArray collections = json.getJsonArray("ic");
      List<ItemRef> items = new ArrayList<>(ids.size());
      for (int i = 0; i < ids.size(); i++) {
        items.add(new ItemRef(collections == null ? collection : collections.getString(i), UUID.fromString(ids.getString(i))));
      }
      return new UndoTicket(json.getString("t"), new Deletion(UUID.fromString(json.getString("id")),
          collection, items, Instant.ofEpochMilli(json.getLong("x")), json.getString("a")));
    } catch (RuntimeException unreadable) {
      return null;
    }
  }
}
