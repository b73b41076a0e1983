package dev.undo.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.auth.Scope;
import dev.undo.support.Http;
import dev.undo.support.RunningService;
import dev.undo.support.TestIssuer;
import dev.undo.support.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two tenants through every route of the router: for each, tenant globex's request for tenant acme's
 * object is refused as if it did not exist (404) or answers only globex's own data, and acme's same
 * request then succeeds, so that the refusal is not just a route that refuses everyone. A route
 * without its case here fails {@link #everyRouteOfTheRouterHasATenantCase}; each case also checks the
 * scope the route needs against the contract (openapi.yaml) and against the service's 403. Runs with
 * Redis as the undo cache, so that undo tokens and tickets are crossed there too.
 */
class TenantIsolationTest {
  private static final TestIssuer ISSUER = new TestIssuer();
  private static final String ALL = "items:read items:write items:undo items:restore items:erase collections:write changes:read";

  @RegisterExtension
  static final RunningService service = new RunningService(ISSUER.settings().put("UNDO_REDIS_URL", TestRedis.shared().url()));

  private static final String ACME_TOKEN = ISSUER.token("acme", "ann@acme.test", ALL);
  private static final String GLOBEX_TOKEN = ISSUER.token("globex", "gil@globex.test", ALL);

  private static Http acme() {
    return service.http().withToken(ACME_TOKEN);
  }

  private static Http globex() {
    return service.http().withToken(GLOBEX_TOKEN);
  }
  private static final String NOTES = "/v1/collections/notes";

  @AfterAll
  static void stopIssuer() {
    ISSUER.close();
  }

  /** What each case starts from: acme's own objects, made fresh for the case. */
  private record Fixture(String active, String deleted, String deletionId, String undoToken) {
    String activeId() {
      return active.substring(active.lastIndexOf('/') + 1);
    }
  }

  private static Fixture fixture() {
    Http.Response created = acme().postJson(NOTES + "/items", new JsonObject().put("title", "acme's"));
    Http.Response other = acme().postJson(NOTES + "/items", new JsonObject().put("title", "acme's, deleted"));
    String deleted = NOTES + "/items/" + other.json().getString("id");
    Http.Response deletion = acme().request("DELETE", deleted).header("Prefer", "return=representation").send();
    assertThat(deletion.status()).as(deletion.toString()).isEqualTo(200);
    String href = deletion.json().getJsonObject("undo").getString("href");
    return new Fixture(NOTES + "/items/" + created.json().getString("id"), deleted,
        deletion.json().getString("deletionId"), href.substring(href.lastIndexOf('/') + 1));
  }

  /** Both tenants have a collection notes, each with its own settings; acme also has one globex does not. */
  @BeforeAll
  static void collections() {
    assertThat(acme().putJson(NOTES, new JsonObject().put("undoWindow", "PT1M")).status()).isEqualTo(201);
    assertThat(globex().putJson(NOTES, new JsonObject().put("undoWindow", "PT5S")).status()).isEqualTo(201);
    assertThat(acme().putJson("/v1/collections/acme-only", new JsonObject()).status()).isEqualTo(201);
  }

  /** One request of a route, made for a fixture. */
  private record Call(String method, String path, Object body) {
    Http.Response send(Http http) {
      Http.Request request = http.request(method, path);
      if (body != null) {
        request.body(method.equals("PATCH") ? "application/merge-patch+json" : "application/json", body.toString());
      }
      return request.send();
    }
  }

  /**
   * A route's case: the scope it needs, its request, what globex gets for it (a check of the answer
   * and of acme's data afterwards) and the status acme gets.
   */
  private record Case(Scope scope, Function<Fixture, Call> call, BiConsumer<Fixture, Http.Response> otherTenant, int owner) {}

  private static BiConsumer<Fixture, Http.Response> notFound() {
    return (fixture, answer) -> {
      assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
      assertThat(acme().get(fixture.active()).json().getString("state")).isEqualTo("active");
      assertThat(acme().get(fixture.deleted() + "?showDeleted=true").json().getString("state")).isEqualTo("deleted");
    };
  }

  private static BiConsumer<Fixture, Http.Response> noneOfAcmes(String member) {
    return (fixture, answer) -> {
      assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
      assertThat(answer.body()).doesNotContain(fixture.activeId()).doesNotContain(fixture.deletionId());
      assertThat(answer.json().getValue(member)).isNotNull();
    };
  }

  private static final JsonObject DATA = new JsonObject().put("title", "changed");

  private static final Map<String, Case> CASES = new TreeMap<>(Map.ofEntries(
      Map.entry("GET /v1/collections", new Case(Scope.ITEMS_READ, f -> new Call("GET", "/v1/collections", null),
          (f, answer) -> assertThat(answer.body()).contains("\"notes\"").doesNotContain("acme-only"), 200)),
      Map.entry("GET /v1/collections/{collection}", new Case(Scope.ITEMS_READ,
          f -> new Call("GET", "/v1/collections/acme-only", null), notFound(), 200)),
      Map.entry("PUT /v1/collections/{collection}", new Case(Scope.COLLECTIONS_WRITE,
          f -> new Call("PUT", NOTES, new JsonObject().put("undoWindow", "PT1M")), (f, answer) -> {
            assertThat(answer.status()).isEqualTo(200);
            // globex changed its own notes, not acme's
            assertThat(globex().get(NOTES).json().getString("undoWindow")).isEqualTo("PT1M");
            globex().putJson(NOTES, new JsonObject().put("undoWindow", "PT5S"));
            assertThat(acme().get(NOTES).json().getString("undoWindow")).isEqualTo("PT1M");
          }, 200)),
      Map.entry("GET /v1/collections/{collection}/items", new Case(Scope.ITEMS_READ,
          f -> new Call("GET", NOTES + "/items?state=all", null), noneOfAcmes("items"), 200)),
      Map.entry("POST /v1/collections/{collection}/items", new Case(Scope.ITEMS_WRITE,
          f -> new Call("POST", NOTES + "/items", new JsonObject().put("title", "new")), (f, answer) -> {
            assertThat(answer.status()).isEqualTo(201);
            String id = answer.json().getString("id");
            assertThat(acme().get(NOTES + "/items/" + id).status()).isEqualTo(404);
            assertThat(globex().get(NOTES + "/items/" + id).status()).isEqualTo(200);
          }, 201)),
      Map.entry("GET /v1/collections/{collection}/items/{id}", new Case(Scope.ITEMS_READ,
          f -> new Call("GET", f.active(), null), notFound(), 200)),
      Map.entry("PUT /v1/collections/{collection}/items/{id}", new Case(Scope.ITEMS_WRITE,
          f -> new Call("PUT", f.active(), DATA), notFound(), 200)),
      Map.entry("PATCH /v1/collections/{collection}/items/{id}", new Case(Scope.ITEMS_WRITE,
          f -> new Call("PATCH", f.active(), DATA), notFound(), 200)),
      Map.entry("DELETE /v1/collections/{collection}/items/{id}", new Case(Scope.ITEMS_WRITE,
          f -> new Call("DELETE", f.active(), null), notFound(), 204)),
      Map.entry("GET /v1/collections/{collection}/items/{id}/versions", new Case(Scope.ITEMS_READ,
          f -> new Call("GET", f.active() + "/versions", null), notFound(), 200)),
      Map.entry("POST /v1/collections/{collection}/items/{id}/undo", new Case(Scope.ITEMS_UNDO,
          f -> new Call("POST", f.deleted() + "/undo", null), notFound(), 201)),
      Map.entry("POST /v1/collections/{collection}/items/{id}/restore", new Case(Scope.ITEMS_RESTORE,
          f -> new Call("POST", f.deleted() + "/restore", null), notFound(), 201)),
      Map.entry("POST /v1/collections/{collection}/items/{id}/erase", new Case(Scope.ITEMS_ERASE,
          f -> new Call("POST", f.active() + "/erase", null), notFound(), 204)),
      Map.entry("PUT /v1/collections/{collection}/items/{id}/hold", new Case(Scope.ITEMS_ERASE,
          f -> new Call("PUT", f.active() + "/hold", new JsonObject().put("reason", "case 1")), notFound(), 200)),
      Map.entry("GET /v1/collections/{collection}/items/{id}/hold", new Case(Scope.ITEMS_READ,
          f -> {
            acme().request("PUT", f.active() + "/hold").json(new JsonObject().put("reason", "case 2")).send();
            return new Call("GET", f.active() + "/hold", null);
          }, notFound(), 200)),
      Map.entry("DELETE /v1/collections/{collection}/items/{id}/hold", new Case(Scope.ITEMS_ERASE,
          f -> {
            acme().request("PUT", f.active() + "/hold").json(new JsonObject().put("reason", "case 3")).send();
            return new Call("DELETE", f.active() + "/hold", null);
          }, (f, answer) -> {
            notFound().accept(f, answer);
            assertThat(acme().get(f.active() + "/hold").status()).isEqualTo(200);
          }, 204)),
      Map.entry("POST /v1/undo/{token}", new Case(Scope.ITEMS_UNDO,
          f -> new Call("POST", "/v1/undo/" + f.undoToken(), null), notFound(), 201)),
      Map.entry("POST /v1/collections/{collection}/deletions", new Case(Scope.ITEMS_WRITE,
          f -> new Call("POST", NOTES + "/deletions", new JsonObject().put("ids", new JsonArray().add(f.activeId()))),
          notFound(), 201)),
      Map.entry("GET /v1/deletions/{deletionId}", new Case(Scope.ITEMS_READ,
          f -> new Call("GET", "/v1/deletions/" + f.deletionId(), null), notFound(), 200)),
      Map.entry("POST /v1/deletions/{deletionId}/undo", new Case(Scope.ITEMS_UNDO,
          f -> new Call("POST", "/v1/deletions/" + f.deletionId() + "/undo", null), notFound(), 201)),
      Map.entry("POST /v1/deletions/{deletionId}/restore", new Case(Scope.ITEMS_RESTORE,
          f -> new Call("POST", "/v1/deletions/" + f.deletionId() + "/restore", null), notFound(), 201)),
      Map.entry("GET /v1/changes", new Case(Scope.CHANGES_READ,
          f -> new Call("GET", "/v1/changes", null), noneOfAcmes("events"), 200))));

  /** What serves no tenant's data and needs no token. */
  private static final Set<String> OPEN = Set.of("GET /openapi.json");

  @Test
  void everyRouteOfTheRouterHasATenantCase() {
    Set<String> covered = new TreeSet<>(CASES.keySet());
    covered.addAll(OPEN);
    assertThat(RouterRoutes.api(service.vertx())).isNotEmpty().isEqualTo(covered);
  }

  @TestFactory
  Stream<DynamicTest> anotherTenantsObjectIsNotFoundAndTheOwnersRequestSucceeds() {
    List<DynamicTest> tests = new ArrayList<>();
    CASES.forEach((route, c) -> tests.add(DynamicTest.dynamicTest(route, () -> {
      Fixture fixture = fixture();
      Call call = c.call().apply(fixture);
      c.otherTenant().accept(fixture, call.send(globex()));
      Http.Response own = call.send(acme());
      assertThat(own.status()).as(route + " as the owner: " + own).isEqualTo(c.owner());
    })));
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> eachRouteNeedsTheScopeTheContractNames() {
    List<DynamicTest> tests = new ArrayList<>();
    Http scopeless = service.http().withToken(ISSUER.token("acme", "ann@acme.test", "openid"));
    CASES.forEach((route, c) -> tests.add(DynamicTest.dynamicTest(route, () -> {
      String[] parts = route.split(" ");
      JsonArray security = OpenApiDocument.json().getJsonObject("paths").getJsonObject(parts[1])
          .getJsonObject(parts[0].toLowerCase(java.util.Locale.ROOT)).getJsonArray("security");
      assertThat(security.getJsonObject(0).getJsonArray("bearer")).containsExactly(c.scope().claim());
      Http.Response refused = c.call().apply(fixture()).send(scopeless);
      assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
      assertThat(refused.json().getString("scope")).isEqualTo(c.scope().claim());
    })));
    return tests.stream();
  }

  @Test
  void theSameIdempotencyKeyInTwoTenantsIsTwoKeys() {
    String acmeItem = acme().postJson(NOTES + "/items", new JsonObject()).json().getString("id");
    String globexItem = globex().postJson(NOTES + "/items", new JsonObject()).json().getString("id");
    Http.Response first = acme().request("POST", NOTES + "/deletions").header("Idempotency-Key", "key-1")
        .json(new JsonObject().put("ids", new JsonArray().add(acmeItem))).send();
    Http.Response second = globex().request("POST", NOTES + "/deletions").header("Idempotency-Key", "key-1")
        .json(new JsonObject().put("ids", new JsonArray().add(globexItem))).send();
    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).as(second.toString()).isEqualTo(201);
    assertThat(second.json().getString("id")).isNotEqualTo(first.json().getString("id"));
  }

  @Test
  void redisKeysAndStreamEntriesNameTheirTenant() throws Exception {
    Fixture fixture = fixture();
    List<Map<String, Object>> rows = service.sql("SELECT tenant_id FROM deletions WHERE id = ?::uuid", fixture.deletionId());
    assertThat(rows).containsExactly(Map.of("tenant_id", "acme"));
    Redis redis = Redis.createClient(service.vertx(), TestRedis.shared().url());
    try {
      assertThat(exists(redis, "undo:ticket:acme:" + fixture.deletionId())).isTrue();
      assertThat(exists(redis, "undo:ticket:globex:" + fixture.deletionId())).isFalse();
    } finally {
      redis.close();
    }
  }

  private static boolean exists(Redis redis, String key) throws Exception {
    return redis.send(Request.cmd(Command.EXISTS).arg(key)).toCompletionStage().toCompletableFuture()
        .get(5, java.util.concurrent.TimeUnit.SECONDS).toInteger() == 1;
  }
}
