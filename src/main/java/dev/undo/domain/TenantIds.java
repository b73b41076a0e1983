package dev.undo.domain;

import java.util.regex.Pattern;

/**
 * What a tenant may be called: 1 to 64 letters, digits and {@code . _ @ -}, starting with a letter or
 * digit. It goes into keys (Redis, undo tokens) and log lines, so nothing that could separate or
 * escape them.
 */
public final class TenantIds {
  /** The tenant of every request without auth, and of declared collections that name none. */
  public static final String DEFAULT = "default";

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

  private TenantIds() {}

  public static boolean isValid(String tenant) {
    return tenant != null && VALID.matcher(tenant).matches();
  }
}
