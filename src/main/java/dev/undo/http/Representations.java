package dev.undo.http;

import dev.undo.domain.CollectionSettings;
import dev.undo.domain.Conflict;
import dev.undo.domain.DanglingReference;
import dev.undo.domain.Deletion;
import dev.undo.domain.DeletionRecord;
import dev.undo.domain.IsoDurations;
import dev.undo.domain.Item;
import dev.undo.domain.Reference;
import dev.undo.domain.Referrer;
import dev.undo.domain.UndoOffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/** The JSON the API shows for collections, deletions, undo offers and conflicts, and the links between them; items and versions are {@link ItemJson}. */
final class Representations {
  private Representations() {}

  static JsonObject undo(UndoOffer offer) {
    return offer == null ? null : new JsonObject()
        .put("href", undoHref(offer))
        .put("expiresAt", HttpDates.rfc3339(offer.expiresAt()));
  }

  static String undoHref(UndoOffer offer) {
    return "/v1/undo/" + offer.token();
  }

  static String itemHref(Item item) {
    return "/v1/collections/" + item.collection() + "/items/" + item.id();
  }

  static String deletionHref(UUID deletionId) {
    return "/v1/deletions/" + deletionId;
  }

  /** A deletion: its id, state, when and by whom, every item it covers, and its undo offer while the window is open. */
  static JsonObject deletion(DeletionRecord record) {
    Deletion deletion = record.deletion();
    JsonArray items = new JsonArray();
    deletion.items().forEach(item -> items.add(new JsonObject().put("collection", item.collection()).put("id", item.id().toString())));
    return new JsonObject()
        .put("id", deletion.id().toString())
        .put("state", record.state().wireName())
        .put("deletedAt", HttpDates.rfc3339(record.deletedAt()))
        .put("deletedBy", deletion.actor())
        .put("items", items)
        .put("count", deletion.items().size())
        .put("undo", undo(record.undo()));
  }

  static String etag(Item item) {
    return "\"" + item.version() + "\"";
  }

  static JsonObject collection(CollectionSettings collection) {
    return new JsonObject()
        .put("name", collection.name())
        .put("uniqueFields", new JsonArray(collection.uniqueFields()))
        .put("references", references(collection.references()))
        .put("undoWindow", IsoDurations.format(collection.undoWindow()))
        .put("retention", IsoDurations.format(collection.retention()))
        .put("restoreAfterWindow", collection.restoreAfterWindow())
        .put("createdAt", HttpDates.rfc3339(collection.createdAt()));
  }

  private static JsonArray references(List<Reference> references) {
    JsonArray array = new JsonArray();
    references.forEach(reference -> array.add(new JsonObject().put("field", reference.field())
        .put("collection", reference.collection()).put("onDelete", reference.onDelete().wireName())));
    return array;
  }

  /** References that name no item they may: the item holding one (for an undo or restore), the field, the value. */
  static JsonArray dangling(List<DanglingReference> references) {
    JsonArray array = new JsonArray();
    for (DanglingReference reference : references) {
      JsonObject json = new JsonObject();
      if (reference.id() != null) {
        json.put("collection", reference.collection()).put("id", reference.id().toString());
      }
      array.add(json.put("field", reference.field()).put("value", reference.value()));
    }
    return array;
  }

  static JsonArray referrers(List<Referrer> referrers) {
    JsonArray array = new JsonArray();
    referrers.forEach(referrer -> array.add(new JsonObject().put("collection", referrer.collection())
        .put("id", referrer.id().toString()).put("field", referrer.field())));
    return array;
  }

  static JsonArray conflicts(List<Conflict> conflicts) {
    JsonArray array = new JsonArray();
    conflicts.forEach(conflict -> array.add(new JsonObject().put("field", conflict.field()).put("value", conflict.value())));
    return array;
  }
}
