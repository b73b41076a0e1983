package dev.undo.auth;

/** The scopes of API.md, as a token's {@code scope} claim names them; each API route requires one. */
public enum Scope {
  ITEMS_READ("items:read"),
  /** Create, update and delete. */
  ITEMS_WRITE("items:write"),
  ITEMS_UNDO("items:undo"),
  ITEMS_RESTORE("items:restore"),
  /** Erasure, and the legal holds that stop it. */
  ITEMS_ERASE("items:erase"),
  COLLECTIONS_WRITE("collections:write"),
  CHANGES_READ("changes:read");

  private final String claim;

  Scope(String claim) {
    this.claim = claim;
  }

  public String claim() {
    return claim;
  }
}
