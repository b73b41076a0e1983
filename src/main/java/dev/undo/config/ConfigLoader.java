package dev.undo.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Loads the configuration through vertx-config: the YAML file first ({@code UNDO_CONFIG}, default
 * {@code conf/config.yaml}; optional), then the environment, so that the environment wins.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  public static Future<ServiceConfig> load(Vertx vertx) {
    String file = System.getenv().getOrDefault("UNDO_CONFIG", "conf/config.yaml");
    ConfigStoreOptions yaml = new ConfigStoreOptions()
        .setType("file")
        .setFormat("yaml")
        .setOptional(true)
        .setConfig(new JsonObject().put("path", file));
    ConfigStoreOptions env = new ConfigStoreOptions()
        .setType("env")
        .setConfig(new JsonObject().put("raw-data", true).put("keys", new JsonArray(ServiceConfig.ENVIRONMENT)));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions()
        .setScanPeriod(-1)
        .addStore(yaml)
        .addStore(env));
    return retriever.getConfig()
        .eventually(retriever::close)
        .map(ServiceConfig::from);
  }
}
