package dev.undo.auth;

import dev.undo.config.AuthConfig;
import dev.undo.config.PemKeys;
import dev.undo.domain.TenantIds;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.NoSuchKeyIdException;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies bearer JWTs with vertx-auth-jwt: signature, {@code exp} and {@code nbf} (with the
 * configured leeway), issuer and audience; then reads the tenant, the subject and the scopes.
 *
 * <p>With a JWKS URL the keys are read at start, again every refresh interval, and again when a
 * token names a {@code kid} they lack (a rotated key), at most once per {@link #UNKNOWN_KID_PAUSE_MS}
 * so that tokens with made-up key ids cannot drive requests to the issuer. vertx-auth-jwt's provider
 * holds a fixed set of keys, so a refresh builds a new one and swaps it in.
 */
public final class JwtAuthenticator implements Authenticator {
  private static final Logger LOG = LoggerFactory.getLogger(JwtAuthenticator.class);
  private static final long UNKNOWN_KID_PAUSE_MS = 10_000;

  private final Vertx vertx;
  private final AuthConfig config;
  /**
   * Tokens verified lately, by their text: a client sends the same token with every request until it
   * expires, and a signature check (tens of microseconds for RS256) would cost more than the request.
   * A token is some 500 bytes to 1 KiB: 10,000 of them stay within a few MiB.
   */
  private final Cache<String, Verified> verified = Caffeine.newBuilder()
      .maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(1)).build();
  private final JwksClient jwks;
  private volatile JWTAuth provider;
  private long refreshTimer = -1;
  /** When a token's unknown kid last made it read the JWKS; zero before the first. */
  private volatile long lastUnknownKidRead;
  private Future<Void> reading;

  private JwtAuthenticator(Vertx vertx, AuthConfig config, JwksClient jwks) {
    this.vertx = vertx;
    this.config = config;
    this.jwks = jwks;
  }

  /** Ready once its keys are: a JWKS that cannot be read at start fails the start, with why. */
  public static Future<JwtAuthenticator> start(Vertx vertx, AuthConfig config) {
    if (config.jwksUrl() == null) {
      JwtAuthenticator authenticator = new JwtAuthenticator(vertx, config, null);
      authenticator.provider = JWTAuth.create(vertx, authenticator.options().addPubSecKey(staticKey(config)));
      return Future.succeededFuture(authenticator);
    }
    JwtAuthenticator authenticator = new JwtAuthenticator(vertx, config, new JwksClient(vertx, config.jwksUrl()));
    return authenticator.readKeys().map(read -> {
      authenticator.refreshTimer = vertx.setPeriodic(config.jwksRefresh().toMillis(), id -> authenticator.readKeys()
          .onFailure(failure -> LOG.warn("Could not read the JWKS again; the keys read before stay in use: {}", failure.getMessage())));
      return authenticator;
    });
  }

  /** Stops reading the JWKS. */
  public Future<Void> close() {
    if (refreshTimer >= 0) {
      vertx.cancelTimer(refreshTimer);
    }
    return jwks == null ? Future.succeededFuture() : jwks.close();
  }

  private record Verified(Identity identity, long expiresAtSecond) {}

  @Override
  public Future<Identity> authenticate(String bearerToken) {
    Verified known = verified.getIfPresent(bearerToken);
    if (known != null && System.currentTimeMillis() / 1000 - config.leeway().toSeconds() < known.expiresAtSecond()) {
      return Future.succeededFuture(known.identity());
    }
    TokenCredentials credentials = new TokenCredentials(bearerToken);
    return provider.authenticate(credentials)
        .recover(failure -> failure instanceof NoSuchKeyIdException && mayReadForUnknownKid()
            ? readKeysForUnknownKid().compose(read -> provider.authenticate(credentials))
            : Future.failedFuture(failure))
        .transform(checked -> checked.succeeded() ? identity(bearerToken, checked.result())
            : Future.failedFuture(new InvalidTokenException(describe(checked.cause()))));
  }

  private Future<Identity> identity(String token, User user) {
    JsonObject claims = user.attributes().getJsonObject("accessToken");
    if (!(claims.getValue("exp") instanceof Number exp)) {
      return Future.failedFuture(new InvalidTokenException("the token has no exp: tokens must expire"));
    }
    Object tenant = claims.getValue(config.tenantClaim());
    if (!(tenant instanceof String name) || !TenantIds.isValid(name)) {
      return Future.failedFuture(new InvalidTokenException("the token's " + config.tenantClaim()
          + " claim must name a tenant (1 to 64 letters, digits and . _ @ -)"));
    }
    Object subject = claims.getValue("sub");
    if (!(subject instanceof String actor) || actor.isBlank()) {
      return Future.failedFuture(new InvalidTokenException("the token has no sub"));
    }
    Identity identity = new Identity(name, actor, scopes(claims.getValue("scope")));
    verified.put(token, new Verified(identity, exp.longValue()));
    return Future.succeededFuture(identity);
  }

  /** Space-separated (RFC 8693 §4.2); a list is taken too. Scopes this service does not know are left out. */
  private static Set<Scope> scopes(Object claim) {
    List<?> names = claim instanceof String text ? List.of(text.trim().split(" +"))
        : claim instanceof JsonArray array ? array.getList() : List.of();
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (Scope scope : Scope.values()) {
      if (names.contains(scope.claim())) {
        scopes.add(scope);
      }
    }
    return scopes;
  }

  private static String describe(Throwable failure) {
    if (failure instanceof NoSuchKeyIdException) {
      return "the token is signed with a key this service does not know";
    }
    String message = failure.getMessage() == null ? "" : failure.getMessage();
    if (message.contains("expired")) {
      // vertx-auth-jwt says "expired" for a token used before its nbf as well.
      return "the token is expired or not yet valid";
    }
    if (message.contains("audience")) {
      return "the token is not for this audience";
    }
    if (message.contains("issuer")) {
      return "the token is not from the expected issuer";
    }
    if (message.contains("Signature") || message.contains("signature")) {
      return "the token's signature does not verify";
    }
    return "the token is not a well-formed, signed JWT";
  }

  private boolean mayReadForUnknownKid() {
    return jwks != null && System.currentTimeMillis() - lastUnknownKidRead >= UNKNOWN_KID_PAUSE_MS;
  }

  private Future<Void> readKeysForUnknownKid() {
    lastUnknownKidRead = System.currentTimeMillis();
    return readKeys();
  }

  /** One read at a time: requests that find an unknown kid together wait for the same read. */
  private synchronized Future<Void> readKeys() {
    if (reading != null) {
      return reading;
    }
    reading = jwks.keys().map(keys -> {
      JWTAuthOptions options = options();
      keys.forEach(options::addJwk);
      provider = JWTAuth.create(vertx, options);
      LOG.info("Read {} signing key(s) from the JWKS", keys.size());
      return (Void) null;
    }).andThen(done -> {
      synchronized (this) {
        reading = null;
      }
    });
    return reading;
  }

  private JWTAuthOptions options() {
    JWTOptions checks = new JWTOptions().setLeeway((int) config.leeway().toSeconds());
    if (config.issuer() != null) {
      checks.setIssuer(config.issuer());
    }
    if (!config.audience().isEmpty()) {
      checks.setAudience(config.audience());
    }
    return new JWTAuthOptions().setJWTOptions(checks);
  }

  private static PubSecKeyOptions staticKey(AuthConfig config) {
    if (config.secret() != null) {
      return new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(config.secret());
    }
    return new PubSecKeyOptions().setAlgorithm(PemKeys.algorithm(config.publicKey())).setBuffer(config.publicKey());
  }
}
