package dev.undo.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads the configuration through vertx-config: the YAML file first ({@code UNDO_CONFIG}, default
 * {@code conf/config.yaml}), then the environment, so that the environment wins. A missing file
 * is fine (the defaults and the environment apply); a file that does not parse stops the start,
 * which is why the store is not marked optional: vertx-config would swallow the error.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  public static Future<ServiceConfig> load(Vertx vertx) {
    String file = System.getenv().getOrDefault("UNDO_CONFIG", "conf/config.yaml");
    ConfigRetrieverOptions options = new ConfigRetrieverOptions().setScanPeriod(-1);
    if (Files.isRegularFile(Path.of(file))) {
      options.addStore(new ConfigStoreOptions()
          .setType("file")
          .setFormat("yaml")
          .setConfig(new JsonObject().put("path", file)));
    }
    ConfigStoreOptions env = new ConfigStoreOptions()
        .setType("env")
        .setConfig(new JsonObject().put("raw-data", true).put("keys", new JsonArray(ServiceConfig.ENVIRONMENT)));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options.addStore(env));
    return retriever.getConfig()
        .recover(failure -> Future.failedFuture(new ConfigException("cannot read " + file + ": " + failure.getMessage())))
        .eventually(retriever::close)
        .map(ServiceConfig::from);
  }
}
