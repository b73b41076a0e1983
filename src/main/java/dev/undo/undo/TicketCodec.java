package dev.undo.undo;

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
    JsonArray items = new JsonArray();
    for (UndoTicket.Snapshot item : ticket.items()) {
      items.add(new JsonObject().put("i", item.id().toString()).put("v", item.version()).put("d", item.data()));
    }
    return new JsonObject()
        .put("t", ticket.tenant())
        .put("id", ticket.deletionId().toString())
        .put("c", ticket.collection())
        .put("x", ticket.expiresAt().toEpochMilli())
        .put("pf", ticket.purgeFrom().toEpochMilli())
        .put("pt", ticket.purgeTo().toEpochMilli())
        .put("items", items)
        .toBuffer();
  }

  static UndoTicket decode(Buffer buffer) {
    JsonObject json = buffer.toJsonObject();
    List<UndoTicket.Snapshot> items = new ArrayList<>();
    for (Object entry : json.getJsonArray("items")) {
      JsonObject item = (JsonObject) entry;
      items.add(new UndoTicket.Snapshot(UUID.fromString(item.getString("i")), item.getInteger("v"), item.getJsonObject("d")));
    }
    return new UndoTicket(
        json.getString("t"),
        UUID.fromString(json.getString("id")),
        json.getString("c"),
        Instant.ofEpochMilli(json.getLong("x")),
        Instant.ofEpochMilli(json.getLong("pf")),
        Instant.ofEpochMilli(json.getLong("pt")),
        items);
  }
}
