package dev.undo.domain;

import java.util.Locale;

/**
 * A soft foreign key declared on a collection: its items' top-level member {@code field} holds the id
 * of an item of {@code collection}, and {@code onDelete} says what a deletion of that item does to them.
 */
public record Reference(String field, String collection, OnDelete onDelete) {

  public enum OnDelete {
    /** The referring items are tombstoned in the same deletion. */
    CASCADE,
    /** The deletion is refused while an active item refers to the item. */
    RESTRICT,
    /** The referring items are left as they are. */
    DETACH;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The value of a wire name; null for a name that is none. */
    public static OnDelete fromWireName(String name) {
      for (OnDelete value : values()) {
        if (value.wireName().equals(name)) {
          return value;
        }
      }
      return null;
    }
  }
}
