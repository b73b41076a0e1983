package dev.undo.config;

import dev.undo.domain.CollectionSettings;
import dev.undo.domain.InvalidRequestException;
import dev.undo.domain.IsoDurations;
import dev.undo.domain.Reference;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a collection's settings from JSON: the body of {@code PUT /v1/collections/{name}} or an
 * entry of {@code collections:} in the configuration file. Members left out take their defaults.
 */
public final class CollectionSpec {
  private static final Set<String> MEMBERS =
      Set.of("uniqueFields", "references", "undoWindow", "retention", "restoreAfterWindow");
  private static final Set<String> MEMBERS_WITH_NAME =
      Set.of("name", "uniqueFields", "references", "undoWindow", "retention", "restoreAfterWindow");
  private static final Set<String> REFERENCE_MEMBERS = Set.of("field", "collection", "onDelete");

  private CollectionSpec() {}

  /** The settings of the collection named in an entry of the configuration file. */
  public static CollectionSettings parseDeclared(JsonObject body) {
    rejectUnknown(body, MEMBERS_WITH_NAME);
    Object name = body.getValue("name");
    if (!(name instanceof String text)) {
      throw new InvalidRequestException("name must be a string");
    }
    return settings(text, body);
  }

  /** The settings for collection {@code name} from a request body. */
  public static CollectionSettings parse(String name, JsonObject body) {
    rejectUnknown(body, MEMBERS);
    return settings(name, body);
  }

  private static CollectionSettings settings(String name, JsonObject body) {
    return CollectionSettings.validated(
        name,
        uniqueFields(body.getValue("uniqueFields")),
        references(body.getValue("references")),
        duration(body, "undoWindow", CollectionSettings.DEFAULT_UNDO_WINDOW),
        duration(body, "retention", CollectionSettings.DEFAULT_RETENTION),
        flag(body, "restoreAfterWindow", true));
  }

  private static boolean flag(JsonObject body, String member, boolean fallback) {
    Object value = body.getValue(member);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean flag)) {
      throw new InvalidRequestException(member + " must be true or false");
    }
    return flag;
  }

  private static void rejectUnknown(JsonObject body, Set<String> known) {
    for (String member : body.fieldNames()) {
      if (!known.contains(member)) {
        throw new InvalidRequestException("unknown member '" + member + "'; the members are " + known.stream().sorted().toList());
      }
    }
  }

  private static List<String> uniqueFields(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new InvalidRequestException("uniqueFields must be an array of member names");
    }
    List<String> fields = new ArrayList<>(array.size());
    for (Object field : array) {
      if (!(field instanceof String name)) {
        throw new InvalidRequestException("uniqueFields must be an array of member names");
      }
      fields.add(name);
    }
    return fields;
  }

  private static List<Reference> references(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new InvalidRequestException("references must be an array of {\"field\", \"collection\", \"onDelete\"}");
    }
    List<Reference> references = new ArrayList<>(array.size());
    for (Object entry : array) {
      if (!(entry instanceof JsonObject reference)) {
        throw new InvalidRequestException("references must be an array of {\"field\", \"collection\", \"onDelete\"}");
      }
      for (String member : reference.fieldNames()) {
        if (!REFERENCE_MEMBERS.contains(member)) {
          throw new InvalidRequestException("unknown member '" + member + "' in a reference; its members are "
              + REFERENCE_MEMBERS.stream().sorted().toList());
        }
      }
      if (!(reference.getValue("field") instanceof String field)) {
        throw new InvalidRequestException("a reference's field must be a member name");
      }
      if (!(reference.getValue("collection") instanceof String collection)) {
        throw new InvalidRequestException("a reference's collection must be a collection name");
      }
      Reference.OnDelete onDelete = reference.getValue("onDelete") instanceof String name
          ? Reference.OnDelete.fromWireName(name) : null;
      if (onDelete == null) {
        throw new InvalidRequestException("a reference's onDelete must be \"cascade\", \"restrict\" or \"detach\"");
      }
      references.add(new Reference(field, collection, onDelete));
    }
    return references;
  }

  private static Duration duration(JsonObject body, String member, Duration fallback) {
    Object value = body.getValue(member);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String text)) {
      throw new InvalidRequestException(member + " must be an ISO 8601 duration string such as PT30S or P90D");
    }
    return IsoDurations.parse(member, text);
  }
}
