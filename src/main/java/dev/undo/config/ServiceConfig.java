package dev.undo.config;

import dev.undo.domain.TenantIds;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole configuration, parsed once: {@code conf/config.yaml} (nested keys), then environment
 * variables ({@code UNDO_*}), which win. One record a component, as the file has one section a
 * component; see the README's configuration reference.
 */
public record ServiceConfig(
    HttpConfig http,
    AuthConfig auth,
    TenantLimitsConfig tenants,
    ManagementConfig management,
    DatabaseConfig database,
    UndoConfig undo,
    RedisConfig redis,
    RetentionConfig retention,
    EventsConfig events,
    List<DeclaredCollection> collections) {

  /** The environment variables the service reads: UNDO_CONFIG names the file, each other overrides one key of it. */
  public static final List<String> ENVIRONMENT = List.of(
      "UNDO_CONFIG", "UNDO_HTTP_HOST", "UNDO_HTTP_PORT", "UNDO_MANAGEMENT_HOST", "UNDO_MANAGEMENT_PORT", "UNDO_BODY_LIMIT", "UNDO_HTTP_INSTANCES",
      "UNDO_CORS_ORIGINS", "UNDO_ACTOR_HEADER", "UNDO_DATABASE_URL", "UNDO_DATA_DIR", "UNDO_DB_POOL_SIZE",
      "UNDO_DB_MAX_WAIT_QUEUE", "UNDO_DB_PIPELINING_LIMIT", "UNDO_CACHE_MAX_TICKETS", "UNDO_REDIS_URL", "UNDO_REDIS_POOL_SIZE", "UNDO_REDIS_MAX_WAITING",
      "UNDO_REDIS_TIMEOUT", "UNDO_PREMAKE_DAYS", "UNDO_PARTITION_DAYS", "UNDO_PURGE_INTERVAL", "UNDO_PURGE_LOCK_TIMEOUT", "UNDO_SHUTDOWN_GRACE",
      "UNDO_HTTP_REQUEST_TIMEOUT", "UNDO_HTTP_IDLE_TIMEOUT", "UNDO_DB_STATEMENT_TIMEOUT", "UNDO_JSON_MAX_DEPTH", "UNDO_TOKEN_KEY",
      "UNDO_MAX_DELETION_ITEMS", "UNDO_EVENTS_RETENTION", "UNDO_EVENTS_POLL_INTERVAL",
      "UNDO_AUTH", "UNDO_JWT_JWKS_URL", "UNDO_JWT_PUBLIC_KEY", "UNDO_JWT_SECRET", "UNDO_JWT_ISSUER", "UNDO_JWT_AUDIENCE",
      "UNDO_JWT_TENANT_CLAIM", "UNDO_JWT_LEEWAY", "UNDO_JWT_JWKS_REFRESH", "UNDO_TENANT_RATE", "UNDO_TENANT_BURST",
      "UNDO_TENANT_MAX_OPEN_TICKETS", "UNDO_METRICS_TENANT_LABELS",
      // read by logback.xml, not here
      "UNDO_LOG_FORMAT");

  public ServiceConfig {
    collections = List.copyOf(collections);
  }

  /**
   * Reads the merged configuration: nested file keys, overridden by top-level UNDO_* keys. A key of
   * the file or an UNDO_* variable that names no setting is refused, with the setting it was
   * probably meant to be: a typo must not fall back to a default silently.
   */
  public static ServiceConfig from(JsonObject merged) {
    ConfigSource source = new ConfigSource(merged);
    HttpConfig http = HttpConfig.from(source);
    ServiceConfig config = new ServiceConfig(
        http,
        AuthConfig.from(source, http.actorHeader()),
        TenantLimitsConfig.from(source),
        ManagementConfig.from(source),
        DatabaseConfig.from(source),
        UndoConfig.from(source),
        RedisConfig.from(source),
        RetentionConfig.from(source),
        EventsConfig.from(source),
        collections(merged.getValue("collections")));
    KnownKeys.check(merged, ENVIRONMENT, source.paths());
    return config;
  }

  /** The same configuration with the database found at start-up (the embedded one's URL). */
  public ServiceConfig withDatabaseUrl(String url) {
    return new ServiceConfig(http, auth, tenants, management, database.withUrl(url), undo, redis, retention, events, collections);
  }

  private static List<DeclaredCollection> collections(Object value) {
    if (value != null && !(value instanceof JsonArray)) {
      throw new ConfigException("collections must be a list of mappings, each with a name");
    }
    JsonArray declared = value == null ? new JsonArray() : (JsonArray) value;
    List<DeclaredCollection> collections = new ArrayList<>();
    for (int i = 0; i < declared.size(); i++) {
      if (!(declared.getValue(i) instanceof JsonObject entry)) {
        throw new ConfigException("collections[" + i + "] must be a mapping with a name");
      }
      Object tenant = entry.getValue("tenant", TenantIds.DEFAULT);
      if (!(tenant instanceof String name) || !TenantIds.isValid(name)) {
        throw new ConfigException("collections[" + i + "]: tenant must be 1 to 64 letters, digits and . _ @ -, was " + tenant);
      }
      JsonObject settings = entry.copy();
      settings.remove("tenant");
      try {
        collections.add(new DeclaredCollection(name, CollectionSpec.parseDeclared(settings)));
      } catch (RuntimeException e) {
        throw new ConfigException("collections[" + i + "]: " + e.getMessage());
      }
    }
    return collections;
  }
}
