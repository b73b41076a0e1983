package dev.undo.http;

import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The methods each route template takes, for the {@code Allow} header that RFC 9110 §15.5.6 asks of
 * a 405. Vert.x Web answers 405 itself without it. A template's {@code :name} stands for one path
 * segment, a last {@code *} for the rest of the path, and a trailing slash is optional, as in Vert.x Web.
 */
final class AllowedMethods {
  private final Map<String, Set<String>> byTemplate = new LinkedHashMap<>();
  private final List<Pattern> patterns = new ArrayList<>();
  private final List<Set<String>> methods = new ArrayList<>();

  void add(String template, HttpMethod method) {
    Set<String> allowed = byTemplate.get(template);
    if (allowed == null) {
      allowed = new TreeSet<>();
      byTemplate.put(template, allowed);
      patterns.add(Pattern.compile(regex(template)));
      methods.add(allowed);
    }
    allowed.add(method.name());
  }

  /** The {@code Allow} value for a path: its template's methods, or null when no template matches. */
  String allow(String path) {
    for (int i = 0; i < patterns.size(); i++) {
      if (patterns.get(i).matcher(path).matches()) {
        return String.join(", ", methods.get(i));
      }
    }
    return null;
  }

  private static String regex(String template) {
    StringBuilder regex = new StringBuilder();
    for (String segment : template.substring(1).split("/", -1)) {
      regex.append('/').append(segment.startsWith(":") ? "[^/]+" : segment.equals("*") ? ".*" : Pattern.quote(segment));
    }
    return regex.append("/?").toString();
  }
}
