package dev.undo.domain;

/** Whether an item is live or tombstoned; {@link #wireName()} is its name in JSON and in SQL. */
public enum ItemState {
  ACTIVE("active"),
  DELETED("deleted");

  private final String wireName;

  ItemState(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static ItemState fromWireName(String name) {
    for (ItemState state : values()) {
      if (state.wireName.equals(name)) {
        return state;
      }
    }
    throw new IllegalArgumentException("unknown item state: " + name);
  }
}
