package dev.undo.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Authentication of API requests ({@code auth.*}, {@code UNDO_AUTH}, {@code UNDO_JWT_*}).
 *
 * @param jwt false: every request is tenant {@code default}, as without auth; true: a bearer JWT is required
 * @param jwksUrl where the signing keys are published (RS256/ES256), or null
 * @param publicKey a PEM public key, or null
 * @param secret an HS256 secret for development, or null
 * @param issuer the {@code iss} every token must carry, or null for any
 * @param audience one of these must be in {@code aud}; empty for any
 * @param tenantClaim the claim that names the caller's tenant
 * @param leeway how far the issuer's clock may be from this one when {@code exp} and {@code nbf} are checked
 * @param jwksRefresh how often the JWKS is read again (also on a token whose {@code kid} it does not have)
 */
public record AuthConfig(
    boolean jwt,
    String jwksUrl,
    String publicKey,
    String secret,
    String issuer,
    List<String> audience,
    String tenantClaim,
    Duration leeway,
    Duration jwksRefresh) {

  public AuthConfig {
    audience = List.copyOf(audience);
  }

  public static AuthConfig none() {
    return new AuthConfig(false, null, null, null, null, List.of(), "tenant", Duration.ofSeconds(30), Duration.ofMinutes(10));
  }

  static AuthConfig from(ConfigSource source, String actorHeader) {
    String mode = source.string("UNDO_AUTH", "auth.mode", "none");
    String jwksUrl = source.string("UNDO_JWT_JWKS_URL", "auth.jwksUrl", null);
    String publicKey = source.string("UNDO_JWT_PUBLIC_KEY", "auth.publicKey", null);
    String secret = source.string("UNDO_JWT_SECRET", "auth.secret", null);
    String issuer = source.string("UNDO_JWT_ISSUER", "auth.issuer", null);
    List<String> audience = source.list("UNDO_JWT_AUDIENCE", "auth.audience", List.of());
    String tenantClaim = source.string("UNDO_JWT_TENANT_CLAIM", "auth.tenantClaim", "tenant");
    Duration leeway = source.duration("UNDO_JWT_LEEWAY", "auth.leeway", Duration.ofSeconds(30));
    Duration jwksRefresh = source.duration("UNDO_JWT_JWKS_REFRESH", "auth.jwksRefresh", Duration.ofMinutes(10));
    int keySources = (jwksUrl == null ? 0 : 1) + (publicKey == null ? 0 : 1) + (secret == null ? 0 : 1);
    switch (mode) {
      case "none" -> {
        if (keySources > 0 || issuer != null || !audience.isEmpty()) {
          throw new ConfigException("UNDO_JWT_* settings are given but UNDO_AUTH is none; set UNDO_AUTH=jwt to use them");
        }
        return none();
      }
      case "jwt" -> {
        if (keySources != 1) {
          throw new ConfigException("UNDO_AUTH=jwt needs exactly one of UNDO_JWT_JWKS_URL, UNDO_JWT_PUBLIC_KEY and UNDO_JWT_SECRET, "
              + (keySources == 0 ? "none is set" : keySources + " are set"));
        }
        if (actorHeader != null) {
          throw new ConfigException("UNDO_ACTOR_HEADER cannot be used with UNDO_AUTH=jwt: the actor is the token's sub");
        }
        if (jwksUrl != null && !jwksUrl.startsWith("https://") && !jwksUrl.startsWith("http://")) {
          throw new ConfigException("UNDO_JWT_JWKS_URL must be an http:// or https:// URL, was '" + jwksUrl + "'");
        }
        if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < 32) {
          throw new ConfigException("UNDO_JWT_SECRET must be at least 32 bytes (HS256 takes a key as long as its hash, RFC 7518 §3.2)");
        }
        if (publicKey != null) {
          PemKeys.algorithm(publicKey);
        }
        if (leeway.compareTo(Duration.ofMinutes(5)) > 0) {
          throw new ConfigException("UNDO_JWT_LEEWAY must be at most PT5M, was " + leeway);
        }
        if (jwksRefresh.compareTo(Duration.ofSeconds(10)) < 0) {
          throw new ConfigException("UNDO_JWT_JWKS_REFRESH must be at least PT10S, was " + jwksRefresh);
        }
        return new AuthConfig(true, jwksUrl, publicKey, secret, issuer, audience, tenantClaim, leeway, jwksRefresh);
      }
      default -> throw new ConfigException("UNDO_AUTH must be none or jwt, was '" + mode + "'");
    }
  }
}
