package dev.undo.http;

import dev.undo.domain.CanonicalUuid;
import dev.undo.domain.CollectionNames;
import dev.undo.domain.InvalidRequestException;
import dev.undo.domain.ItemCondition;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and checks the parts of a request; anything off is an {@link InvalidRequestException} (400). */
final class Requests {
  private static final Pattern ENTITY_TAG = Pattern.compile("\\s*(W/)?\"([^\"]*)\"\\s*(,|$)");
  private static final String CURSOR_PREFIX = "after:";

  private Requests() {}

  static String collection(RoutingContext ctx) {
    String name = ctx.pathParam("collection");
    return CollectionNames.requireValid(name);
  }

  static UUID itemId(RoutingContext ctx) {
    String text = ctx.pathParam("id");
    UUID id = CanonicalUuid.parse(text);
    if (id == null) {
      throw new InvalidRequestException("'" + text + "' is not an item id (a UUID)");
    }
    return id;
  }

  /** The body as a JSON object: 400 when it is empty, not JSON, or JSON but not an object. */
  static JsonObject jsonObject(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw new InvalidRequestException("the request body must be a JSON object; it is empty");
    }
    Object value;
    try {
      value = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw new InvalidRequestException("the request body is not valid JSON");
    }
    if (!(value instanceof JsonObject object)) {
      throw new InvalidRequestException("the request body must be a JSON object");
    }
    return object;
  }

  /** The media type of the body without parameters, lower-case; null when none is given. */
  static String mediaType(RoutingContext ctx) {
    String header = ctx.request().getHeader("Content-Type");
    if (header == null) {
      return null;
    }
    int semicolon = header.indexOf(';');
    return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(java.util.Locale.ROOT);
  }

  static boolean isJson(String mediaType) {
    return mediaType != null && (mediaType.equals("application/json") || (mediaType.startsWith("application/") && mediaType.endsWith("+json")));
  }

  /** {@code If-Match}: absent or {@code *} is unconditional; else the versions its strong tags name. */
  static ItemCondition ifMatch(RoutingContext ctx) {
    String header = ctx.request().getHeader("If-Match");
    if (header == null || header.trim().equals("*")) {
      return ItemCondition.ANY;
    }
    List<Integer> versions = new ArrayList<>();
    Matcher matcher = ENTITY_TAG.matcher(header);
    int position = 0;
    while (position < header.length() && matcher.find(position) && matcher.start() == position) {
      // Weak tags never match under the strong comparison that If-Match requires.
      if (matcher.group(1) == null) {
        try {
          versions.add(Integer.parseInt(matcher.group(2)));
        } catch (NumberFormatException notOurs) {
          // a tag this service never issued matches no version
        }
      }
      position = matcher.end();
    }
    if (position != header.length()) {
      throw new InvalidRequestException("If-Match must be * or a list of entity tags such as \"3\"");
    }
    return new ItemCondition(versions);
  }

  static boolean prefersRepresentation(RoutingContext ctx) {
    for (String prefer : ctx.request().headers().getAll("Prefer")) {
      for (String preference : prefer.split(",")) {
        if (preference.trim().toLowerCase(java.util.Locale.ROOT).replace(" ", "").startsWith("return=representation")) {
          return true;
        }
      }
    }
    return false;
  }

  static boolean booleanParam(RoutingContext ctx, String name) {
    String value = ctx.request().getParam(name);
    if (value == null) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    if (value.equals("false")) {
      return false;
    }
    throw new InvalidRequestException(name + " must be true or false");
  }

  static int limit(RoutingContext ctx) {
    String value = ctx.request().getParam("limit");
    if (value == null) {
      return 50;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= 1000) {
        return limit;
      }
    } catch (NumberFormatException ignored) {
      // answered below
    }
    throw new InvalidRequestException("limit must be a whole number from 1 to 1000");
  }

  /** Cursors are opaque to clients: base64url of "after:" and the last id of the previous page. */
  static String cursor(UUID after) {
    return after == null ? null
        : Base64.getUrlEncoder().withoutPadding().encodeToString((CURSOR_PREFIX + after).getBytes(StandardCharsets.US_ASCII));
  }

  static UUID cursor(RoutingContext ctx) {
    String value = ctx.request().getParam("cursor");
    if (value == null) {
      return null;
    }
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.US_ASCII);
      if (decoded.startsWith(CURSOR_PREFIX)) {
        String id = decoded.substring(CURSOR_PREFIX.length());
        UUID uuid = CanonicalUuid.parse(id);
        // The service writes cursors in lower case; nothing else is one of its cursors.
        if (uuid != null && uuid.toString().equals(id)) {
          return uuid;
        }
      }
    } catch (IllegalArgumentException ignored) {
      // answered below
    }
    throw new InvalidRequestException("cursor is not one this service gave out; start again without it");
  }
}
