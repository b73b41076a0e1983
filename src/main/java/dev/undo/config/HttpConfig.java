package dev.undo.config;

import java.time.Duration;
import java.util.List;

/**
 * The API's HTTP server ({@code http.*}, {@code UNDO_HTTP_*}).
 *
 * @param instances API verticle instances; each has its own event loop
 * @param actorHeader the request header naming who acts (set by an authenticating proxy), or null
 * @param requestTimeout how long a request may take, from its first byte to its answer (then 408 or 503)
 * @param idleTimeout how long a client connection may carry no bytes before it is closed
 * @param jsonMaxDepth how deep a request body's objects and arrays may nest (the body itself is level 1)
 */
public record HttpConfig(
    String host,
    int port,
    long bodyLimitBytes,
    int instances,
    List<String> corsOrigins,
    String actorHeader,
    Duration shutdownGrace,
    Duration requestTimeout,
    Duration idleTimeout,
    int jsonMaxDepth) {

  public HttpConfig {
    corsOrigins = List.copyOf(corsOrigins);
  }

  static HttpConfig from(ConfigSource source) {
    int instances = source.integer("UNDO_HTTP_INSTANCES", "http.instances", 0);
    return new HttpConfig(
        source.string("UNDO_HTTP_HOST", "http.host", "0.0.0.0"),
        source.port("UNDO_HTTP_PORT", "http.port", 8080),
        source.positiveLong("UNDO_BODY_LIMIT", "http.bodyLimit", 1024 * 1024),
        instances > 0 ? instances : Runtime.getRuntime().availableProcessors(),
        source.list("UNDO_CORS_ORIGINS", "http.corsOrigins", List.of("*")),
        source.string("UNDO_ACTOR_HEADER", "http.actorHeader", null),
        source.duration("UNDO_SHUTDOWN_GRACE", "http.shutdownGrace", Duration.ofSeconds(20)),
        source.duration("UNDO_HTTP_REQUEST_TIMEOUT", "http.requestTimeout", Duration.ofSeconds(10)),
        source.duration("UNDO_HTTP_IDLE_TIMEOUT", "http.idleTimeout", Duration.ofSeconds(75)),
        source.integer("UNDO_JSON_MAX_DEPTH", "http.jsonMaxDepth", 64, 2, 512));
  }
}
