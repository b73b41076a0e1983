package dev.undo.domain;

import java.util.List;

/**
 * An {@code If-Match} condition: the versions a write may apply to. {@link #ANY} (no header, or
 * {@code *}) lets it apply to whatever version exists.
 */
public record ItemCondition(List<Integer> versions) {
  public static final ItemCondition ANY = new ItemCondition(null);

  public ItemCondition {
    versions = versions == null ? null : List.copyOf(versions);
  }

  public boolean isUnconditional() {
    return versions == null;
  }
}
