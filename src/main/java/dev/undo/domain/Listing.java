package dev.undo.domain;

import java.util.Locale;

/**
 * Which items a listing shows ({@code state=} of {@code GET …/items}): the live ones and everything in
 * id order, the trash newest deletion first.
 */
public enum Listing {
  ACTIVE,
  DELETED,
  ALL;

  /** null for a name that is none of them. */
  public static Listing fromWireName(String name) {
    for (Listing listing : values()) {
      if (listing.name().toLowerCase(Locale.ROOT).equals(name)) {
        return listing;
      }
    }
    return null;
  }
}
