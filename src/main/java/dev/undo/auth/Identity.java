package dev.undo.auth;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who an authenticated request comes from: its tenant, its subject (the actor of the audit fields;
 * null when unknown) and the scopes it was granted.
 */
public record Identity(String tenant, String subject, Set<Scope> scopes) {
  public Identity {
    scopes = scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
  }

  /** Without authentication: any request may do anything, as tenant {@code default}. */
  public static Identity unauthenticated(String tenant, String subject) {
    return new Identity(tenant, subject, EnumSet.allOf(Scope.class));
  }
}
