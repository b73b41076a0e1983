package dev.undo.service;

/**
 * Who makes a request: the tenant whose data it touches and, when an authenticating proxy says so,
 * the actor recorded in the audit fields (null when unknown).
 */
public record Caller(String tenant, String actor) {
  /** The tenant of every request until authentication exists. */
  public static final String DEFAULT_TENANT = "default";

  public static Caller anonymous() {
    return new Caller(DEFAULT_TENANT, null);
  }
}
