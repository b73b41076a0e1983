package dev.undo.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the configuration: the YAML file ({@code UNDO_CONFIG}, default {@code conf/config.yaml})
 * through vertx-config, then the environment's {@code UNDO_*} variables, which win. Without
 * {@code UNDO_CONFIG} a missing default file is fine (the defaults and the environment apply); a
 * file that {@code UNDO_CONFIG} names must exist, and a file that does not parse stops the start
 * (which is why the store is not marked optional: vertx-config would swallow the error).
 */
public final class ConfigLoader {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
  private static final String DEFAULT_FILE = "conf/config.yaml";
  /**
   * The variables Kubernetes gives a pod for each Service of its namespace ({@code <NAME>_SERVICE_HOST},
   * {@code <NAME>_PORT=tcp://…}, …): a Service named "undo" gives UNDO_ ones that are no setting.
   */
  private static final Pattern SERVICE_LINK = Pattern.compile("UNDO(_[A-Z0-9_]+)?_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT_[0-9]+_(TCP|UDP|SCTP)(_PROTO|_PORT|_ADDR)?)");
  private static final Pattern SERVICE_LINK_URL = Pattern.compile("(tcp|udp|sctp)://.*");

  private ConfigLoader() {}

  public static Future<ServiceConfig> load(Vertx vertx, Map<String, String> environment) {
    String named = environment.get("UNDO_CONFIG");
    String file = named == null ? DEFAULT_FILE : named;
    boolean present = Files.isRegularFile(Path.of(file));
    if (named != null && !present) {
      return Future.failedFuture(new ConfigException("UNDO_CONFIG names " + file + ", which is not a file"));
    }
    Future<JsonObject> read = present ? read(vertx, file) : Future.succeededFuture(new JsonObject());
    return read.map(merged -> {
      for (Map.Entry<String, String> variable : environment.entrySet()) {
        if (variable.getKey().startsWith("UNDO_") && !isServiceLink(variable.getKey(), variable.getValue())) {
          merged.put(variable.getKey(), variable.getValue());
        }
      }
      ServiceConfig config = ServiceConfig.from(merged);
      LOG.info("Configuration: {}, then the environment's UNDO_* variables",
          present ? "file " + Path.of(file).toAbsolutePath().normalize() : "no file (" + file + " absent), the defaults");
      return config;
    });
  }

  private static Future<JsonObject> read(Vertx vertx, String file) {
    ConfigRetriever retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions().setScanPeriod(-1)
        .addStore(new ConfigStoreOptions().setType("file").setFormat("yaml").setConfig(new JsonObject().put("path", file))));
    return retriever.getConfig()
        .recover(failure -> Future.failedFuture(new ConfigException("cannot read " + file + ": " + failure.getMessage())))
        .eventually(retriever::close);
  }

  private static boolean isServiceLink(String name, String value) {
    return SERVICE_LINK.matcher(name).matches() || (name.endsWith("_PORT") && SERVICE_LINK_URL.matcher(value).matches());
  }
}
