package dev.undo.config;

import dev.undo.domain.IsoDurations;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The merged configuration as the components read it: a key is looked up first as its environment
 * variable, then at its dotted path in the file. Notes each path asked for, so that {@link KnownKeys}
 * can refuse the file's keys that no component read.
 */
final class ConfigSource {
  private final JsonObject merged;
  private final Set<String> paths = new HashSet<>();

  ConfigSource(JsonObject merged) {
    this.merged = merged;
  }

  JsonObject merged() {
    return merged;
  }

  Set<String> paths() {
    return paths;
  }

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
