package dev.undo.support;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An identity provider for tests: RSA signing keys by {@code kid}, their JWKS served from a local
 * HTTP server (as an issuer publishes it), and tokens signed with any of them. A key can be made
 * without publishing it, to sign tokens the service must refuse, or published later, as a rotation.
 */
public final class TestIssuer implements AutoCloseable {
  public static final String ISSUER = "https://issuer.test/";
  public static final String AUDIENCE = "undo-service";

  private final Vertx vertx = Vertx.vertx();
  private final Map<String, KeyPair> keys = new LinkedHashMap<>();
  private final Map<String, Boolean> published = new LinkedHashMap<>();
  private final AtomicInteger reads = new AtomicInteger();
  private final HttpServer server;

  public TestIssuer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/jwks.json", exchange -> {
      reads.incrementAndGet();
      byte[] body = jwks().encode().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    publish("key-1");
  }

  public String jwksUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
  }

  /** The settings that make a service trust this issuer. */
  public JsonObject settings() {
    return new JsonObject().put("UNDO_AUTH", "jwt").put("UNDO_JWT_JWKS_URL", jwksUrl())
        .put("UNDO_JWT_ISSUER", ISSUER).put("UNDO_JWT_AUDIENCE", AUDIENCE);
  }

  /** How many times the JWKS has been read. */
  public int reads() {
    return reads.get();
  }

  public synchronized void publish(String kid) {
    keys.computeIfAbsent(kid, k -> newKeyPair());
    published.put(kid, true);
  }

  /** A key that signs but is not in the JWKS. */
  public synchronized void keepUnpublished(String kid) {
    keys.computeIfAbsent(kid, k -> newKeyPair());
    published.putIfAbsent(kid, false);
  }

  /** A token with the issuer's usual claims (valid for ten minutes), tenant, subject and scopes. */
  public String token(String tenant, String subject, String scopes) {
    return sign("key-1", claims(tenant, subject, scopes));
  }

  public JsonObject claims(String tenant, String subject, String scopes) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject claims = new JsonObject().put("iss", ISSUER).put("aud", AUDIENCE).put("iat", now).put("exp", now + 600);
    if (tenant != null) {
      claims.put("tenant", tenant);
    }
    if (subject != null) {
      claims.put("sub", subject);
    }
    if (scopes != null) {
      claims.put("scope", scopes);
    }
    return claims;
  }

  /** Signs exactly these claims (RS256) with the key {@code kid}. */
  public synchronized String sign(String kid, JsonObject claims) {
    KeyPair pair = keys.get(kid);
    JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
        .setAlgorithm("RS256").setId(kid).setBuffer(pem("PRIVATE KEY", pair.getPrivate().getEncoded()))));
    return signer.generateToken(claims, new JWTOptions().setAlgorithm("RS256").setNoTimestamp(true));
  }

  /** The public key of {@code kid} in PEM, as UNDO_JWT_PUBLIC_KEY takes it. */
  public synchronized String publicKeyPem(String kid) {
    return pem("PUBLIC KEY", keys.get(kid).getPublic().getEncoded());
  }

  private synchronized JsonObject jwks() {
    JsonArray set = new JsonArray();
    keys.forEach((kid, pair) -> {
      if (published.get(kid)) {
        RSAPublicKey key = (RSAPublicKey) pair.getPublic();
        set.add(new JsonObject().put("kty", "RSA").put("use", "sig").put("alg", "RS256").put("kid", kid)
            .put("n", base64url(key.getModulus())).put("e", base64url(key.getPublicExponent())));
      }
    });
    return new JsonObject().put("keys", set);
  }

  private static String base64url(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes[0] == 0 && bytes.length > 1) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    vertx.close();
  }
}
