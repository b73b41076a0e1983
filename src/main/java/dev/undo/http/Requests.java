package dev.undo.http;

import dev.undo.domain.CanonicalUuid;
import dev.undo.domain.CollectionNames;
import dev.undo.domain.InvalidRequestException;
import dev.undo.domain.ItemCondition;
import dev.undo.domain.Listing;
import dev.undo.domain.PageKey;
import java.time.Instant;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Reads and checks the parts of a request; anything off is an {@link InvalidRequestException} (400). */
final class Requests {
  private static final Pattern ENTITY_TAG = Pattern.compile("(W/)?\"([^\"]*)\"[ \\t]*(,|$)");
  private static final String CURSOR_PREFIX = "after:";
  private static final String TRASH_CURSOR_PREFIX = "trash:";

  private Requests() {}

  static String collection(RoutingContext ctx) {
    String name = ctx.pathParam("collection");
    return CollectionNames.requireValid(name);
  }

  static UUID itemId(RoutingContext ctx) {
    return uuid(ctx, "id", "an item id");
  }

  static UUID deletionId(RoutingContext ctx) {
    return uuid(ctx, "deletionId", "a deletion id");
  }

  private static UUID uuid(RoutingContext ctx, String param, String what) {
    String text = ctx.pathParam(param);
    UUID id = CanonicalUuid.parse(text);
    if (id == null) {
      throw new InvalidRequestException("'" + text + "' is not " + what + " (a UUID)");
    }
    return id;
  }

  /** The key under which {@link ApiRouter}'s body reader leaves the request's JSON object. */
  static final String JSON_BODY = "undo.jsonBody";

  /** The body as a JSON object, read and checked by {@link JsonBodyReader} before the handler. */
  static JsonObject jsonObject(RoutingContext ctx) {
    return ctx.get(JSON_BODY);
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

  /**
   * {@code If-Match}: absent or {@code *} is unconditional; else the versions its strong tags name.
   * Weak tags never match under the strong comparison that If-Match requires.
   */
  static ItemCondition ifMatch(RoutingContext ctx) {
    String header = ctx.request().getHeader("If-Match");
    if (header == null || header.trim().equals("*")) {
      return ItemCondition.ANY;
    }
    List<Integer> versions = new ArrayList<>();
    for (EntityTag tag : entityTags("If-Match", header)) {
      if (!tag.weak()) {
        try {
          versions.add(Integer.parseInt(tag.opaque()));
        } catch (NumberFormatException notOurs) {
          // a tag this service never issued matches no version
        }
      }
    }
    return new ItemCondition(versions);
  }

  /**
   * Which entity tags {@code If-None-Match} names: with {@code *} any, else its tags under the weak
   * comparison that RFC 9110 §13.1.2 asks for; without the header none.
   */
  static Predicate<String> ifNoneMatch(RoutingContext ctx) {
    String header = ctx.request().getHeader("If-None-Match");
    if (header == null) {
      return etag -> false;
    }
    if (header.trim().equals("*")) {
      return etag -> true;
    }
    Set<String> tags = new HashSet<>();
    for (EntityTag tag : entityTags("If-None-Match", header)) {
      tags.add("\"" + tag.opaque() + "\"");
    }
    return tags::contains;
  }

  private record EntityTag(boolean weak, String opaque) {}

  /** A list of entity tags; empty list elements ({@code , "1"}) are skipped, as RFC 9110 §5.6.1.2 asks of a recipient. */
  private static List<EntityTag> entityTags(String name, String header) {
    List<EntityTag> tags = new ArrayList<>();
    Matcher matcher = ENTITY_TAG.matcher(header);
    for (int position = skipEmptyElements(header, 0); position < header.length(); position = skipEmptyElements(header, position)) {
      if (!matcher.find(position) || matcher.start() != position) {
        throw new InvalidRequestException(name + " must be * or a list of entity tags such as \"3\"");
      }
      tags.add(new EntityTag(matcher.group(1) != null, matcher.group(2)));
      position = matcher.end();
    }
    if (tags.isEmpty()) {
      throw new InvalidRequestException(name + " must be * or a list of entity tags such as \"3\"");
    }
    return tags;
  }

  private static int skipEmptyElements(String header, int position) {
    while (position < header.length() && (header.charAt(position) == ',' || header.charAt(position) == ' ' || header.charAt(position) == '\t')) {
      position++;
    }
    return position;
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

  /**
   * Cursors are opaque to clients: base64url of "after:" and the last id of the previous page, or in
   * the trash "trash:", the epoch milliseconds of the last tombstone and its id.
   */
  static String cursor(PageKey after) {
    if (after == null) {
      return null;
    }
    String key = after.deletedAt() == null ? CURSOR_PREFIX + after.id()
        : TRASH_CURSOR_PREFIX + after.deletedAt().toEpochMilli() + ":" + after.id();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.US_ASCII));
  }

  /** The cursor of a listing, which must be one the service gave out for a listing of that kind. */
  static PageKey cursor(RoutingContext ctx, Listing listing) {
    String value = ctx.request().getParam("cursor");
    if (value == null) {
      return null;
    }
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.US_ASCII);
      String prefix = listing == Listing.DELETED ? TRASH_CURSOR_PREFIX : CURSOR_PREFIX;
      if (decoded.startsWith(prefix)) {
        String rest = decoded.substring(prefix.length());
        Instant deletedAt = null;
        if (listing == Listing.DELETED) {
          int colon = rest.indexOf(':');
          deletedAt = Instant.ofEpochMilli(Long.parseLong(rest.substring(0, colon)));
          rest = rest.substring(colon + 1);
        }
        UUID uuid = CanonicalUuid.parse(rest);
        // The service writes cursors in lower case; nothing else is one of its cursors.
        if (uuid != null && uuid.toString().equals(rest)) {
          return new PageKey(deletedAt, uuid);
        }
      }
    } catch (IllegalArgumentException | IndexOutOfBoundsException | java.time.DateTimeException ignored) {
      // answered below
    }
    throw new InvalidRequestException("cursor is not one this service gave out for this listing; start again without it");
  }
}
