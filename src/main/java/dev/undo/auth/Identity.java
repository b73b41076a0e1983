package dev.undo.auth;

import dev.undo.service.Caller;
import java.util.EnumSet;
import java.util.Set;

/** Who an authenticated request comes from (its tenant and actor, as the services take them) and the scopes it was granted. */
public record Identity(Caller caller, Set<Scope> scopes) {
  private static final Set<Scope> EVERY_SCOPE = Set.copyOf(EnumSet.allOf(Scope.class));

  public Identity {
    scopes = Set.copyOf(scopes);
  }

  public Identity(String tenant, String subject, Set<Scope> scopes) {
    this(new Caller(tenant, subject), scopes);
  }

  /** Without authentication: any request may do anything. */
  public static Identity unauthenticated(String tenant, String subject) {
    return new Identity(new Caller(tenant, subject), EVERY_SCOPE);
  }
}
