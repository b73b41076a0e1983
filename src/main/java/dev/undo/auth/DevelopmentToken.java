package dev.undo.auth;

import dev.undo.config.AuthConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A token to try the service with, signed with the development secret ({@code UNDO_JWT_SECRET}):
 * tenant {@code dev}, subject {@code developer}, every scope, valid for a day, with the configured
 * issuer and audience so that it passes the checks.
 */
public final class DevelopmentToken {
  public static final String TENANT = "dev";
  private static final int MINUTES = 24 * 60;

  private DevelopmentToken() {}

  public static String sign(Vertx vertx, AuthConfig config) {
    JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(config.secret())));
    JWTOptions options = new JWTOptions().setAlgorithm("HS256").setExpiresInMinutes(MINUTES).setSubject("developer");
    if (config.issuer() != null) {
      options.setIssuer(config.issuer());
    }
    if (!config.audience().isEmpty()) {
      options.setAudience(config.audience());
    }
    String scopes = Arrays.stream(Scope.values()).map(Scope::claim).collect(Collectors.joining(" "));
    return signer.generateToken(new JsonObject().put(config.tenantClaim(), TENANT).put("scope", scopes), options);
  }
}
