package dev.undo.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.undo.domain.InvalidRequestException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a request body as a JSON object that PostgreSQL's jsonb stores exactly and the service
 * can always give back. Anything else is a 400 that says what is wrong:
 * <ul>
 *   <li>bytes that are not UTF-8 (RFC 3629 forbids overlong forms, which a lenient decoder turns into
 *       other characters, and encoded surrogates);</li>
 *   <li>strings or member names holding U+0000 (jsonb cannot store it) or a lone surrogate from an
 *       escape such as {@code \ud800} (it would become '?');</li>
 *   <li>a number a 64-bit float cannot hold ({@code 1e400} would become "Infinity", {@code 1e-400} 0);</li>
 *   <li>a member name twice in one object (RFC 8259 leaves the meaning open; one of them would be lost);</li>
 *   <li>nesting deeper than the configured limit, or comments and other extensions of JSON.</li>
 * </ul>
 */
final class JsonBodyReader {
  /** Strict RFC 8259: no comments (Vert.x's own codec allows them), no NaN; depth is checked below. */
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).build())
      .build();
  private static final int DETAIL_LENGTH = 160;

  private final int maxDepth;

  /** @param maxDepth how deep objects and arrays may nest, the body itself being level 1 */
  JsonBodyReader(int maxDepth) {
    this.maxDepth = maxDepth;
  }

  JsonObject object(Buffer body) {
    if (body == null || body.length() == 0) {
      throw new InvalidRequestException("the request body must be a JSON object; it is empty");
    }
    try (JsonParser parser = FACTORY.createParser(utf8(body))) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidRequestException("the request body must be a JSON object");
      }
      JsonObject object = readObject(parser, 1);
      if (parser.nextToken() != null) {
        throw new InvalidRequestException("the request body has more after its JSON object");
      }
      return object;
    } catch (JsonProcessingException e) {
      String reason = e.getOriginalMessage();
      throw new InvalidRequestException("the request body is not valid JSON: "
          + (reason.length() > DETAIL_LENGTH ? reason.substring(0, DETAIL_LENGTH) + "…" : reason));
    } catch (IOException e) {
      throw new InvalidRequestException("the request body could not be read as JSON");
    }
  }

  private static String utf8(Buffer body) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body.getBytes()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidRequestException("the request body is not valid UTF-8 (RFC 3629)");
    }
  }

  private JsonObject readObject(JsonParser parser, int depth) throws IOException {
    JsonObject object = new JsonObject();
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
      String name = text(parser.currentName(), "a member name");
      parser.nextToken();
      if (object.containsKey(name)) {
        throw new InvalidRequestException("the member \"" + shorten(name) + "\" appears twice in one object");
      }
      object.put(name, value(parser, depth));
    }
    return object;
  }

  private JsonArray readArray(JsonParser parser, int depth) throws IOException {
    JsonArray array = new JsonArray();
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
      array.add(value(parser, depth));
    }
    return array;
  }

  private Object value(JsonParser parser, int depth) throws IOException {
    switch (parser.currentToken()) {
      case START_OBJECT:
        return readObject(parser, deeper(depth));
      case START_ARRAY:
        return readArray(parser, deeper(depth));
      case VALUE_STRING:
        return text(parser.getText(), "a string");
      case VALUE_NUMBER_INT:
        return parser.getNumberValue();
      case VALUE_NUMBER_FLOAT:
        return finite(parser);
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new InvalidRequestException("the request body is not valid JSON");
    }
  }

  private int deeper(int depth) {
    if (depth >= maxDepth) {
      throw new InvalidRequestException("the request body nests objects and arrays deeper than " + maxDepth + " levels");
    }
    return depth + 1;
  }

  private static Double finite(JsonParser parser) throws IOException {
    double value = parser.getDoubleValue();
    if (Double.isInfinite(value) || (value == 0 && hasNonZeroDigit(parser.getText()))) {
      throw new InvalidRequestException("the number " + shorten(parser.getText())
          + " is outside what a 64-bit float holds (about 4.9e-324 to 1.8e308), so it would not be stored as sent");
    }
    return value;
  }

  private static boolean hasNonZeroDigit(String number) {
    for (int i = 0; i < number.length(); i++) {
      char c = number.charAt(i);
      if (c == 'e' || c == 'E') {
        return false;
      }
      if (c >= '1' && c <= '9') {
        return true;
      }
    }
    return false;
  }

  /** The text, unless PostgreSQL could not store it as it is. */
  private static String text(String text, String what) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u0000') {
        throw new InvalidRequestException(what + " holds the character U+0000, which PostgreSQL cannot store");
      }
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new InvalidRequestException(what + " holds a lone UTF-16 surrogate (\\u" + Integer.toHexString(c)
            + "), which is no character");
      }
    }
    return text;
  }

  private static String shorten(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }
}
