package dev.undo.config;

import dev.undo.domain.CollectionSettings;
import dev.undo.domain.IsoDurations;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The whole configuration, parsed once: {@code conf/config.yaml} (nested keys), then environment
 * variables ({@code UNDO_*}), which win. See the README's configuration reference.
 *
 * @param databaseUrl a {@code postgresql://} URL, or null for the embedded PostgreSQL in {@code dataDir}
 * @param httpInstances API verticle instances; each has its own event loop
 * @param poolPipeliningLimit statements one request connection carries at once (1: no pipelining)
 * @param actorHeader the request header naming who acts (set by an authenticating proxy), or null
 * @param redisUrl the shared undo cache, or null for Caffeine inside this process
 * @param requestTimeout how long a request may take, from its first byte to its answer (then 408 or 503)
 * @param idleTimeout how long a client connection may carry no bytes before it is closed
 * @param statementTimeout PostgreSQL's statement_timeout for the requests' statements
 * @param jsonMaxDepth how deep a request body's objects and arrays may nest (the body itself is level 1)
 * @param tokenKey the key that signs undo tokens, or null to keep a generated one in PostgreSQL
 */
public record ServiceConfig(
    String httpHost,
    int httpPort,
    String managementHost,
    int managementPort,
    long bodyLimitBytes,
    int httpInstances,
    List<String> corsOrigins,
    String actorHeader,
    String databaseUrl,
    Path dataDir,
    int poolSize,
    int poolMaxWaitQueue,
    int poolPipeliningLimit,
    long undoCacheMaxTickets,
    String redisUrl,
    int redisPoolSize,
    int redisMaxWaiting,
    Duration redisTimeout,
    int premakeDays,
    int partitionDays,
    Duration purgeInterval,
    Duration purgeLockTimeout,
    Duration shutdownGrace,
    Duration requestTimeout,
    Duration idleTimeout,
    Duration statementTimeout,
    int jsonMaxDepth,
    byte[] tokenKey,
    List<CollectionSettings> collections) {

  /** The environment variables the service reads: UNDO_CONFIG names the file, each other overrides one key of it. */
  public static final List<String> ENVIRONMENT = List.of(
      "UNDO_CONFIG", "UNDO_HTTP_HOST", "UNDO_HTTP_PORT", "UNDO_MANAGEMENT_HOST", "UNDO_MANAGEMENT_PORT", "UNDO_BODY_LIMIT", "UNDO_HTTP_INSTANCES",
      "UNDO_CORS_ORIGINS", "UNDO_ACTOR_HEADER", "UNDO_DATABASE_URL", "UNDO_DATA_DIR", "UNDO_DB_POOL_SIZE",
      "UNDO_DB_MAX_WAIT_QUEUE", "UNDO_DB_PIPELINING_LIMIT", "UNDO_CACHE_MAX_TICKETS", "UNDO_REDIS_URL", "UNDO_REDIS_POOL_SIZE", "UNDO_REDIS_MAX_WAITING",
      "UNDO_REDIS_TIMEOUT", "UNDO_PREMAKE_DAYS", "UNDO_PARTITION_DAYS", "UNDO_PURGE_INTERVAL", "UNDO_PURGE_LOCK_TIMEOUT", "UNDO_SHUTDOWN_GRACE",
      "UNDO_HTTP_REQUEST_TIMEOUT", "UNDO_HTTP_IDLE_TIMEOUT", "UNDO_DB_STATEMENT_TIMEOUT", "UNDO_JSON_MAX_DEPTH", "UNDO_TOKEN_KEY",
      // read by logback.xml, not here
      "UNDO_LOG_FORMAT");

  public ServiceConfig {
    corsOrigins = List.copyOf(corsOrigins);
    collections = List.copyOf(collections);
  }

  /**
   * Reads the merged configuration: nested file keys, overridden by top-level UNDO_* keys. A key of
   * the file or an UNDO_* variable that names no setting is refused, with the setting it was
   * probably meant to be: a typo must not fall back to a default silently.
   */
  public static ServiceConfig from(JsonObject merged) {
    Source source = new Source(merged, new java.util.HashSet<>());
    ServiceConfig config = read(source, merged);
    KnownKeys.check(merged, ENVIRONMENT, source.paths());
    return config;
  }

  private static ServiceConfig read(Source source, JsonObject merged) {
    int cores = Runtime.getRuntime().availableProcessors();
    int instances = source.integer("UNDO_HTTP_INSTANCES", "http.instances", 0);
    String tokenKey = source.string("UNDO_TOKEN_KEY", "undo.tokenKey", null);
    return new ServiceConfig(
        source.string("UNDO_HTTP_HOST", "http.host", "0.0.0.0"),
        source.port("UNDO_HTTP_PORT", "http.port", 8080),
        source.string("UNDO_MANAGEMENT_HOST", "management.host", "0.0.0.0"),
        source.port("UNDO_MANAGEMENT_PORT", "management.port", 9090),
        source.positiveLong("UNDO_BODY_LIMIT", "http.bodyLimit", 1024 * 1024),
        instances > 0 ? instances : cores,
        source.list("UNDO_CORS_ORIGINS", "http.corsOrigins", List.of("*")),
        source.string("UNDO_ACTOR_HEADER", "http.actorHeader", null),
        source.string("UNDO_DATABASE_URL", "database.url", null),
        Path.of(source.string("UNDO_DATA_DIR", "database.dataDir", "./data")),
        source.integer("UNDO_DB_POOL_SIZE", "database.poolSize", 8),
        source.integer("UNDO_DB_MAX_WAIT_QUEUE", "database.maxWaitQueue", 1024),
        source.integer("UNDO_DB_PIPELINING_LIMIT", "database.pipeliningLimit", 8, 1, 256),
        source.positiveLong("UNDO_CACHE_MAX_TICKETS", "undo.cacheMaxTickets", 1_000_000),
        source.string("UNDO_REDIS_URL", "redis.url", null),
        source.integer("UNDO_REDIS_POOL_SIZE", "redis.poolSize", 8),
        source.integer("UNDO_REDIS_MAX_WAITING", "redis.maxWaiting", 256),
        source.duration("UNDO_REDIS_TIMEOUT", "redis.timeout", Duration.ofMillis(500)),
        source.integer("UNDO_PREMAKE_DAYS", "retention.premakeDays", 7),
        source.integer("UNDO_PARTITION_DAYS", "retention.partitionDays", 7, 1, 31),
        source.duration("UNDO_PURGE_INTERVAL", "retention.purgeInterval", Duration.ofMinutes(1)),
        source.duration("UNDO_PURGE_LOCK_TIMEOUT", "retention.lockTimeout", Duration.ofSeconds(5)),
        source.duration("UNDO_SHUTDOWN_GRACE", "http.shutdownGrace", Duration.ofSeconds(20)),
        source.duration("UNDO_HTTP_REQUEST_TIMEOUT", "http.requestTimeout", Duration.ofSeconds(10)),
        source.duration("UNDO_HTTP_IDLE_TIMEOUT", "http.idleTimeout", Duration.ofSeconds(75)),
        source.duration("UNDO_DB_STATEMENT_TIMEOUT", "database.statementTimeout", Duration.ofSeconds(5)),
        source.integer("UNDO_JSON_MAX_DEPTH", "http.jsonMaxDepth", 64, 2, 512),
        tokenKey == null ? null : decodeKey(tokenKey),
        collections(merged.getValue("collections")));
  }

  public boolean embeddedDatabase() {
    return databaseUrl == null;
  }

  public ServiceConfig withDatabaseUrl(String url) {
    return new ServiceConfig(httpHost, httpPort, managementHost, managementPort, bodyLimitBytes, httpInstances, corsOrigins,
        actorHeader, url, dataDir, poolSize, poolMaxWaitQueue, poolPipeliningLimit, undoCacheMaxTickets, redisUrl, redisPoolSize, redisMaxWaiting, redisTimeout, premakeDays,
        partitionDays, purgeInterval, purgeLockTimeout, shutdownGrace, requestTimeout, idleTimeout, statementTimeout, jsonMaxDepth,
        tokenKey, collections);
  }


  private static byte[] decodeKey(String base64) {
    try {
      byte[] key = Base64.getDecoder().decode(base64.trim());
      if (key.length < 32) {
        throw new ConfigException("UNDO_TOKEN_KEY must be at least 32 bytes, base64-encoded");
      }
      return key;
    } catch (IllegalArgumentException e) {
      throw new ConfigException("UNDO_TOKEN_KEY is not base64");
    }
  }

  private static List<CollectionSettings> collections(Object value) {
    if (value != null && !(value instanceof JsonArray)) {
      throw new ConfigException("collections must be a list of mappings, each with a name");
    }
    JsonArray declared = value == null ? new JsonArray() : (JsonArray) value;
    List<CollectionSettings> collections = new ArrayList<>();
    for (int i = 0; i < declared.size(); i++) {
      if (!(declared.getValue(i) instanceof JsonObject entry)) {
        throw new ConfigException("collections[" + i + "] must be a mapping with a name");
      }
      try {
        collections.add(CollectionSpec.parseDeclared(entry));
      } catch (RuntimeException e) {
        throw new ConfigException("collections[" + i + "]: " + e.getMessage());
      }
    }
    return collections;
  }

  /** Looks a key up first as an environment variable, then at a dotted path in the file; notes each path asked for. */
  private record Source(JsonObject merged, java.util.Set<String> paths) {
    String string(String env, String path, String fallback) {
      paths.add(path);
      Object value = merged.getValue(env);
      if (value == null) {
        value = atPath(path);
      }
      if (value == null) {
        return fallback;
      }
      String text = value.toString().trim();
      return text.isEmpty() ? fallback : text;
    }

    int integer(String env, String path, int fallback) {
      return integer(env, path, fallback, 0, Integer.MAX_VALUE);
    }

    int integer(String env, String path, int fallback, int min, int max) {
      return (int) number(env, path, fallback, min, max);
    }

    int port(String env, String path, int fallback) {
      return (int) number(env, path, fallback, 0, 65535);
    }

    long positiveLong(String env, String path, long fallback) {
      return number(env, path, fallback, 1, Long.MAX_VALUE);
    }

    private long number(String env, String path, long fallback, long min, long max) {
      String text = string(env, path, null);
      if (text == null) {
        return fallback;
      }
      long value;
      try {
        value = Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new ConfigException(env + " (" + path + ") must be a whole number, was '" + text + "'");
      }
      if (value < min || value > max) {
        throw new ConfigException(env + " (" + path + ") must be from " + min + " to " + max + ", was " + text);
      }
      return value;
    }

    Duration duration(String env, String path, Duration fallback) {
      String text = string(env, path, null);
      if (text == null) {
        return fallback;
      }
      try {
        return IsoDurations.parse(env, text);
      } catch (RuntimeException e) {
        throw new ConfigException(e.getMessage());
      }
    }

    List<String> list(String env, String path, List<String> fallback) {
      paths.add(path);
      Object fromEnv = merged.getValue(env);
      if (fromEnv != null) {
        return Arrays.stream(fromEnv.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
      }
      Object fromFile = atPath(path);
      if (fromFile instanceof JsonArray array) {
        return array.stream().map(String::valueOf).toList();
      }
      return fromFile == null ? fallback : List.of(fromFile.toString());
    }

    private Object atPath(String path) {
      Object node = merged;
      for (String key : path.split("\\.")) {
        if (!(node instanceof JsonObject object)) {
          return null;
        }
        node = object.getValue(key);
      }
      return node;
    }
  }
}
