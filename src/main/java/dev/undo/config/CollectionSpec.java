package dev.undo.config;

import dev.undo.domain.CollectionSettings;
import dev.undo.domain.InvalidRequestException;
import dev.undo.domain.IsoDurations;
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
  private static final Set<String> MEMBERS = Set.of("uniqueFields", "undoWindow", "retention", "restoreAfterWindow");
  private static final Set<String> MEMBERS_WITH_NAME = Set.of("name", "uniqueFields", "undoWindow", "retention", "restoreAfterWindow");

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
