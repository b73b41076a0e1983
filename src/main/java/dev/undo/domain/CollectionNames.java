package dev.undo.domain;

import java.util.regex.Pattern;

/** The rule for collection names, from API.md. */
public final class CollectionNames {
  private static final Pattern VALID = Pattern.compile("^[a-z][a-z0-9_-]{0,62}$");

  private CollectionNames() {}

  public static boolean isValid(String name) {
    return name != null && VALID.matcher(name).matches();
  }

  public static String requireValid(String name) {
    if (!isValid(name)) {
      throw new InvalidRequestException(
          "a collection name is a lower-case letter followed by up to 62 of a-z, 0-9, '_' and '-'");
    }
    return name;
  }
}
