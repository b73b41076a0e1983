package dev.undo.http;

import static dev.undo.http.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.Http;
import dev.undo.support.RunningService;
import dev.undo.support.TestIssuer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code UNDO_AUTH=jwt} with keys from a JWKS URL served by a test issuer: what a token must be to
 * pass (signature, exp, nbf, issuer, audience, tenant, sub), the RFC 6750 answers when it is not,
 * the scope each route needs, and a key rotation taken up without a restart. Ordered because the
 * rotation test must come before the test of an unknown key: the service reads the JWKS for an
 * unknown kid at most once in ten seconds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthApiTest {
  private static final TestIssuer ISSUER = new TestIssuer();
  private static final String ALL = "items:read items:write items:undo items:restore items:erase collections:write changes:read";

  @RegisterExtension
  static final RunningService service = new RunningService(ISSUER.settings().put("UNDO_JWT_LEEWAY", "PT30S"));

  private final Http anonymous = service.http();

  @AfterAll
  static void stopIssuer() {
    ISSUER.close();
  }

  private static Http as(String token) {
    return service.http().withToken(token);
  }

  private static String withClaims(java.util.function.Consumer<JsonObject> change) {
    JsonObject claims = ISSUER.claims("acme", "ann@acme.test", ALL);
    change.accept(claims);
    return ISSUER.sign("key-1", claims);
  }

  private static void assertInvalidToken(Http.Response response, String why) {
    assertThat(assertProblem(response, 401).getString("type")).isEqualTo("urn:undo:problem:unauthorized");
    assertThat(response.header("WWW-Authenticate")).startsWith("Bearer realm=\"undo\", error=\"invalid_token\"");
    assertThat(response.json().getString("detail")).contains(why);
  }

  @Test
  @Order(1)
  void aRequestWithoutATokenIs401WithABareChallenge() {
    Http.Response response = anonymous.get("/v1/collections");
    assertThat(assertProblem(response, 401).getString("type")).isEqualTo("urn:undo:problem:unauthorized");
    assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"undo\"");
    Http.Response basic = anonymous.request("GET", "/v1/collections").header("Authorization", "Basic YTpi").send();
    assertThat(assertProblem(basic, 401).getString("type")).isEqualTo("urn:undo:problem:unauthorized");
    // What serves no tenant's data needs no token.
    assertThat(anonymous.get("/openapi.json").status()).isEqualTo(200);
    assertThat(anonymous.get("/").status()).isEqualTo(200);
  }

  @Test
  @Order(2)
  void aValidTokenActsAsItsTenantAndSubject() {
    Http acme = as(ISSUER.token("acme", "ann@acme.test", ALL));
    assertThat(acme.putJson("/v1/collections/notes", new JsonObject()).status()).isIn(200, 201);
    Http.Response created = acme.postJson("/v1/collections/notes/items", new JsonObject().put("title", "a"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(service.sql("SELECT tenant_id, created_by FROM items WHERE id = ?::uuid", created.json().getString("id")))
        .containsExactly(java.util.Map.of("tenant_id", "acme", "created_by", "ann@acme.test"));
    // the scheme's name is case-insensitive (RFC 9110 §11.1)
    Http.Response lower = anonymous.request("GET", "/v1/collections/notes")
        .header("Authorization", "bearer " + ISSUER.token("acme", "ann@acme.test", "items:read")).send();
    assertThat(lower.status()).isEqualTo(200);
  }

  @Test
  @Order(3)
  void malformedExpiredEarlyAndForeignTokensAre401InvalidToken() {
    long now = System.currentTimeMillis() / 1000;
    assertInvalidToken(as("not-a-jwt").get("/v1/collections"), "not a well-formed");
    assertInvalidToken(as("a.b.c.d").get("/v1/collections"), "not a well-formed");
    assertInvalidToken(as(withClaims(c -> c.put("exp", now - 120))).get("/v1/collections"), "expired or not yet valid");
    assertInvalidToken(as(withClaims(c -> c.put("nbf", now + 120))).get("/v1/collections"), "expired or not yet valid");
    assertInvalidToken(as(withClaims(c -> c.put("iss", "https://elsewhere.test/"))).get("/v1/collections"), "issuer");
    assertInvalidToken(as(withClaims(c -> c.put("aud", "another-service"))).get("/v1/collections"), "audience");
    assertInvalidToken(as(withClaims(c -> c.remove("exp"))).get("/v1/collections"), "no exp");
    assertInvalidToken(as(withClaims(c -> c.remove("tenant"))).get("/v1/collections"), "tenant claim");
    assertInvalidToken(as(withClaims(c -> c.put("tenant", "acme:other"))).get("/v1/collections"), "tenant claim");
    assertInvalidToken(as(withClaims(c -> c.remove("sub"))).get("/v1/collections"), "no sub");
    String token = ISSUER.token("acme", "ann@acme.test", ALL);
    String tampered = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA" + token.substring(token.lastIndexOf('.') + 5);
    assertInvalidToken(as(tampered).get("/v1/collections"), "signature");
  }

  @Test
  @Order(4)
  void theLeewayAllowsASmallClockSkew() {
    long now = System.currentTimeMillis() / 1000;
    assertThat(as(withClaims(c -> c.put("exp", now - 5))).get("/v1/collections").status()).isEqualTo(200);
    assertThat(as(withClaims(c -> c.put("nbf", now + 5))).get("/v1/collections").status()).isEqualTo(200);
  }

  @Test
  @Order(5)
  void aTokenWithoutTheRoutesScopeIs403NamingIt() {
    Http reader = as(ISSUER.token("acme", "ann@acme.test", "items:read changes:read"));
    assertThat(reader.get("/v1/collections/notes/items").status()).isEqualTo(200);
    Http.Response refused = reader.postJson("/v1/collections/notes/items", new JsonObject());
    assertThat(assertProblem(refused, 403).getString("type")).isEqualTo("urn:undo:problem:insufficient-scope");
    assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"undo\", error=\"insufficient_scope\", scope=\"items:write\"");
    assertThat(refused.json().getString("scope")).isEqualTo("items:write");
    Http.Response noScopes = as(ISSUER.token("acme", "ann@acme.test", null)).get("/v1/changes");
    assertThat(assertProblem(noScopes, 403).getString("type")).isEqualTo("urn:undo:problem:insufficient-scope");
    assertThat(noScopes.json().getString("scope")).isEqualTo("changes:read");
  }

  @Test
  @Order(6)
  void aRotatedKeyIsTakenUpWithoutARestart() {
    int readsBefore = ISSUER.reads();
    ISSUER.publish("key-2");
    String signedWithNewKey = ISSUER.sign("key-2", ISSUER.claims("acme", "ann@acme.test", ALL));
    assertThat(as(signedWithNewKey).get("/v1/collections").status()).isEqualTo(200);
    assertThat(ISSUER.reads()).isEqualTo(readsBefore + 1);
  }

  @Test
  @Order(7)
  void tokensWithUnknownKeysAreRefusedWithoutARequestToTheIssuerEach() {
    ISSUER.keepUnpublished("rogue");
    int readsBefore = ISSUER.reads();
    for (int i = 0; i < 5; i++) {
      String forged = ISSUER.sign("rogue", ISSUER.claims("acme", "mallory", ALL).put("jti", String.valueOf(i)));
      assertInvalidToken(as(forged).get("/v1/collections"), "key this service does not know");
    }
    assertThat(ISSUER.reads()).isEqualTo(readsBefore);
  }

  @Test
  @Order(8)
  void corsPreflightsNeedNoTokenAndAllowTheAuthorizationHeader() {
    Http.Response preflight = anonymous.request("OPTIONS", "/v1/collections/notes/items")
        .header("Origin", "https://app.example").header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization, content-type").send();
    assertThat(preflight.status()).isIn(200, 204);
    assertThat(preflight.header("Access-Control-Allow-Headers").toLowerCase()).contains("authorization");
    // A page on another origin can read why it was refused.
    Http.Response refused = anonymous.request("GET", "/v1/collections").header("Origin", "https://app.example").send();
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.header("Access-Control-Expose-Headers").toLowerCase()).contains("www-authenticate", "retry-after", "ratelimit");
  }
}
