package dev.undo.domain;

/** The rule for collection names, from API.md. */
public final class CollectionNames {
  private static final int MAX_LENGTH = 63;

  private CollectionNames() {}

  /** {@code [a-z][a-z0-9_-]{0,62}}, checked by hand: every item request checks a name. */
  public static boolean isValid(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_LENGTH || !isLower(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!isLower(c) && !(c >= '0' && c <= '9') && c != '_' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isLower(char c) {
    return c >= 'a' && c <= 'z';
  }

  public static String requireValid(String name) {
    if (!isValid(name)) {
      throw new InvalidRequestException(
          "a collection name is a lower-case letter followed by up to 62 of a-z, 0-9, '_' and '-'");
    }
    return name;
  }
}
