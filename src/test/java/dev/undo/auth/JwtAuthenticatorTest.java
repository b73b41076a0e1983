package dev.undo.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.undo.config.AuthConfig;
import dev.undo.config.ServiceConfig;
import dev.undo.support.TestIssuer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The key sources other than a JWKS (AuthApiTest covers that one over HTTP), and the development token. */
class JwtAuthenticatorTest {
  private static final Vertx VERTX = Vertx.vertx();
  private static final TestIssuer ISSUER = new TestIssuer();
  private static final String SECRET = "a development secret of 32 bytes!";

  @AfterAll
  static void close() {
    ISSUER.close();
    VERTX.close();
  }

  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  private static AuthConfig config(JsonObject settings) {
    return ServiceConfig.from(settings.put("UNDO_AUTH", "jwt")).auth();
  }

  @Test
  void aPemPublicKeyVerifiesTokensOfItsPrivateKeyOnly() throws Exception {
    ISSUER.keepUnpublished("other");
    JwtAuthenticator authenticator = await(JwtAuthenticator.start(VERTX,
        config(new JsonObject().put("UNDO_JWT_PUBLIC_KEY", ISSUER.publicKeyPem("key-1")))));
    Identity identity = await(authenticator.authenticate(ISSUER.token("acme", "ann", "items:read items:undo unknown:scope")));
    assertThat(identity).isEqualTo(new Identity("acme", "ann", EnumSet.of(Scope.ITEMS_READ, Scope.ITEMS_UNDO)));
    String foreign = ISSUER.sign("other", ISSUER.claims("acme", "ann", "items:read"));
    assertThatThrownBy(() -> await(authenticator.authenticate(foreign))).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void theDevelopmentTokenPassesAnHs256SecretsChecksWithEveryScope() throws Exception {
    AuthConfig config = config(new JsonObject().put("UNDO_JWT_SECRET", SECRET).put("UNDO_JWT_ISSUER", "dev-issuer")
        .put("UNDO_JWT_AUDIENCE", "undo"));
    JwtAuthenticator authenticator = await(JwtAuthenticator.start(VERTX, config));
    Identity identity = await(authenticator.authenticate(DevelopmentToken.sign(VERTX, config)));
    assertThat(identity).isEqualTo(new Identity(DevelopmentToken.TENANT, "developer", EnumSet.allOf(Scope.class)));
    AuthConfig otherSecret = config(new JsonObject().put("UNDO_JWT_SECRET", SECRET.replace('a', 'b'))
        .put("UNDO_JWT_ISSUER", "dev-issuer").put("UNDO_JWT_AUDIENCE", "undo"));
    assertThatThrownBy(() -> await(authenticator.authenticate(DevelopmentToken.sign(VERTX, otherSecret))))
        .isInstanceOf(InvalidTokenException.class).hasMessageContaining("signature");
  }

  @Test
  void aRsaSignedTokenIsNotTakenForAnHs256OneOrTheOtherWayRound() throws Exception {
    JwtAuthenticator hs256 = await(JwtAuthenticator.start(VERTX, config(new JsonObject().put("UNDO_JWT_SECRET", SECRET))));
    assertThatThrownBy(() -> await(hs256.authenticate(ISSUER.token("acme", "ann", "items:read"))))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void aJwksThatCannotBeReadFailsTheStartWithItsUrl() {
    AuthConfig config = config(new JsonObject().put("UNDO_JWT_JWKS_URL", "http://127.0.0.1:9/jwks.json"));
    assertThatThrownBy(() -> await(JwtAuthenticator.start(VERTX, config)))
        .hasMessageContaining("could not read the JWKS at http://127.0.0.1:9/jwks.json");
  }
}
