package dev.undo.auth;

import io.vertx.core.Future;

/** Checks a bearer token. Fails with {@link InvalidTokenException} for a token it does not accept. */
public interface Authenticator {
  Future<Identity> authenticate(String bearerToken);
}
