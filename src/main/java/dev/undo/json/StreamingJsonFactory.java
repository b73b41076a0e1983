package dev.undo.json;

import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.core.spi.JsonFactory;
import io.vertx.core.spi.json.JsonCodec;

/**
 * Makes Vert.x use its streaming Jackson codec for every JSON value it reads or writes (request
 * bodies, responses, jsonb columns in the PostgreSQL client). Vert.x would pick its databind codec
 * whenever jackson-databind is on the class path, and Flyway puts it there; the databind codec maps
 * through an ObjectMapper, which the service never needs (it has no POJOs in its JSON) and which cost
 * about a tenth of the event loops' time in the GET benchmark.
 */
public final class StreamingJsonFactory implements JsonFactory {
  private static final JsonCodec CODEC = new JacksonCodec();

  @Override
  public int order() {
    return 0;
  }

  @Override
  public JsonCodec codec() {
    return CODEC;
  }
}
