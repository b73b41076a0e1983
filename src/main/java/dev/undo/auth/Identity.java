package dev.undo.auth;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who an authenticated request comes from: its tenant, its subject (the actor of the audit fields;
 * null when unknown) and the scopes it was granted.
 */
public record Identity(String tenant, String subject, Set<Scope> scopes) {
  private static final Set<Scope> EVERY_SCOPE = Set.copyOf(EnumSet.allOf(Scope.class));

  public Identity {
    scopes = Set.copyOf(scopes);
  }

  /** Without authentication: any request may do anything. */
  public static Identity unauthenticated(String tenant, String subject) {
    return new Identity(tenant, subject, EVERY_SCOPE);
  }
}
