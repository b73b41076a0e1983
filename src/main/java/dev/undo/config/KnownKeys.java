package dev.undo.config;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Refuses what names no setting: a key of the configuration file that no setting reads, or an
 * {@code UNDO_*} environment variable that is not one of the service's. Each refusal names the
 * closest known key when one is near, since what it usually means is a typo.
 */
final class KnownKeys {
  /** Checked by the collections' own parser, member by member. */
  private static final String COLLECTIONS = "collections";

  private KnownKeys() {}

  static void check(JsonObject merged, Collection<String> variables, Set<String> paths) {
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, Object> entry : merged) {
      String key = entry.getKey();
      if (key.startsWith("UNDO_")) {
        if (!variables.contains(key)) {
          unknown.add("environment variable " + key + suggestion(key, variables));
        }
      } else if (!key.equals(COLLECTIONS)) {
        unknownInFile(key, entry.getValue(), paths, unknown);
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException("no such setting: " + String.join("; ", unknown));
    }
  }

  private static void unknownInFile(String path, Object value, Set<String> paths, List<String> unknown) {
    if (paths.contains(path)) {
      return;
    }
    if (value instanceof JsonObject object && paths.stream().anyMatch(known -> known.startsWith(path + "."))) {
      for (Map.Entry<String, Object> entry : object) {
        unknownInFile(path + "." + entry.getKey(), entry.getValue(), paths, unknown);
      }
      return;
    }
    unknown.add("key " + path + " in the configuration file" + suggestion(path, paths));
  }

  private static String suggestion(String key, Collection<String> known) {
    String closest = null;
    int best = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = distance(key.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
      if (distance < best) {
        best = distance;
        closest = candidate;
      }
    }
    return closest != null && best <= Math.max(2, key.length() / 4) ? " (did you mean " + closest + "?)" : "";
  }

  /** Levenshtein distance: edits that turn one name into the other. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
