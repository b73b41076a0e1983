package dev.undo.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The API's OpenAPI 3.1 description ({@code openapi.yaml}, kept in YAML for people), served as JSON
 * at {@code GET /openapi.json}. Read once, when the class loads.
 */
public final class OpenApiDocument {
  private static final String RESOURCE = "/openapi.yaml";
  private static final JsonObject DOCUMENT = read();
  private static final Buffer JSON = DOCUMENT.toBuffer();

  private OpenApiDocument() {}

  /** The document as a JSON object (a copy). */
  public static JsonObject json() {
    return DOCUMENT.copy();
  }

  static Buffer bytes() {
    return JSON;
  }

  @SuppressWarnings("unchecked")
  private static JsonObject read() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return new JsonObject((Map<String, Object>) new Yaml(new LoaderOptions()).load(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
