package dev.undo.http;

import static dev.undo.http.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.Http;
import dev.undo.support.RawHttp;
import dev.undo.support.RunningService;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** API.md's HTTP conventions: Allow on 405, HEAD wherever GET, 304 on If-None-Match, Accept-Patch, lower-case header names. */
class HttpConventionsTest {
  @RegisterExtension
  static final RunningService service = new RunningService();

  private static final String NOTES = "/v1/collections/notes/items";
  private static String item;
  private static String deletion;
  private final Http http = service.http();

  @BeforeAll
  static void data() {
    service.http().putJson("/v1/collections/notes", new JsonObject());
    item = NOTES + "/" + service.http().postJson(NOTES, new JsonObject().put("title", "Buy milk")).json().getString("id");
    String doomed = service.http().postJson(NOTES, new JsonObject().put("title", "to delete")).json().getString("id");
    deletion = service.http().postJson("/v1/collections/notes/deletions", new JsonObject().put("ids", new io.vertx.core.json.JsonArray().add(doomed)))
        .json().getString("id");
  }

  static Stream<Arguments> refusedMethods() {
    return Stream.of(
        Arguments.of("DELETE", "/v1/collections", "GET, HEAD"),
        Arguments.of("POST", "/v1/collections/notes", "GET, HEAD, PUT"),
        Arguments.of("DELETE", NOTES, "GET, HEAD, POST"),
        Arguments.of("POST", NOTES + "/0193a0b0-0000-7000-8000-000000000000", "DELETE, GET, HEAD, PATCH, PUT"),
        Arguments.of("PUT", NOTES + "/0193a0b0-0000-7000-8000-000000000000/undo", "POST"),
        Arguments.of("GET", "/v1/undo/sometoken", "POST"),
        Arguments.of("DELETE", NOTES + "/0193a0b0-0000-7000-8000-000000000000/versions", "GET, HEAD"),
        Arguments.of("POST", "/v1/collections/", "GET, HEAD"),
        Arguments.of("POST", "/", "GET, HEAD"),
        Arguments.of("DELETE", "/ui/undo-toast.js", "GET, HEAD"),
        Arguments.of("GET", "/v1/collections/notes/deletions", "POST"),
        Arguments.of("DELETE", "/v1/deletions/0193a0b0-0000-7000-8000-000000000000", "GET, HEAD"),
        Arguments.of("GET", "/v1/deletions/0193a0b0-0000-7000-8000-000000000000/undo", "POST"),
        Arguments.of("GET", "/v1/deletions/0193a0b0-0000-7000-8000-000000000000/restore", "POST"),
        Arguments.of("GET", NOTES + "/0193a0b0-0000-7000-8000-000000000000/restore", "POST"),
        Arguments.of("DELETE", NOTES + "/0193a0b0-0000-7000-8000-000000000000/erase", "POST"),
        Arguments.of("POST", NOTES + "/0193a0b0-0000-7000-8000-000000000000/hold", "DELETE, GET, HEAD, PUT"),
        Arguments.of("DELETE", "/v1/changes", "GET, HEAD"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("refusedMethods")
  void aRefusedMethodIs405WithTheMethodsThePathTakes(String method, String path, String allow) {
    Http.Response response = http.request(method, path).send();
    assertProblem(response, 405);
    assertThat(response.header("Allow")).isEqualTo(allow);
  }

  /** A browser's preflight for a batch delete with an Idempotency-Key, from another origin. */
  @Test
  void corsLetsABrowserSendAnIdempotencyKey() {
    Http.Response preflight = http.request("OPTIONS", "/v1/collections/notes/deletions")
        .header("Origin", "https://app.example.com").header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type, idempotency-key").send();
    assertThat(preflight.status()).as(preflight.toString()).isBetween(200, 204);
    assertThat(preflight.header("Access-Control-Allow-Headers")).containsIgnoringCase("Idempotency-Key");
  }

  @Test
  void aPathNobodyServesIs404WithoutAllow() {
    Http.Response response = http.request("DELETE", "/v1/nothing").send();
    assertProblem(response, 404);
    assertThat(response.header("Allow")).isNull();
  }

  static Stream<String> readablePaths() {
    return Stream.of("ITEM", "ITEM/versions", NOTES, NOTES + "?state=deleted", NOTES + "?state=all", "/v1/collections",
        "/v1/collections/notes", "DELETION");
  }

  @ParameterizedTest
  @MethodSource("readablePaths")
  void headAnswersWhatGetAnswersWithoutTheBody(String template) {
    String path = template.replace("ITEM", item).replace("DELETION", "/v1/deletions/" + deletion);
    Http.Response get = http.get(path);
    Http.Response head = http.request("HEAD", path).send();
    assertThat(get.status()).as(get.toString()).isEqualTo(200);
    assertThat(head.status()).as(head.toString()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
    assertThat(head.header("ETag")).isEqualTo(get.header("ETag"));
    assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(get.body().getBytes(StandardCharsets.UTF_8).length));
  }

  /** The demo's pages, served by Vert.x Web's StaticHandler, which leaves a HEAD's Content-Type out. */
  @ParameterizedTest
  @ValueSource(strings = {"/", "/ui/undo-toast.js"})
  void headOfAPageAnswersItsLengthWithoutTheBody(String path) {
    Http.Response get = http.get(path);
    Http.Response head = http.request("HEAD", path).send();
    assertThat(head.status()).as(head.toString()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(get.body().getBytes(StandardCharsets.UTF_8).length));
  }

  @Test
  void headOfADeletedItemIs410WithoutTheBody() {
    String deleted = NOTES + "/" + http.postJson(NOTES, new JsonObject()).json().getString("id");
    assertThat(http.delete(deleted).status()).isEqualTo(204);
    Http.Response head = http.request("HEAD", deleted).send();
    assertThat(head.status()).isEqualTo(410);
    assertThat(head.contentType()).isEqualTo("application/problem+json");
    assertThat(head.body()).isEmpty();
  }

  @Test
  void aGetWhoseIfNoneMatchNamesTheVersionIs304WithTheETagAndNoBody() {
    String etag = http.get(item).header("ETag");
    for (String ifNoneMatch : new String[] {etag, "W/" + etag, "*", "\"99\", " + etag, " , " + etag}) {
      Http.Response response = http.request("GET", item).header("If-None-Match", ifNoneMatch).send();
      assertThat(response.status()).as(ifNoneMatch).isEqualTo(304);
      assertThat(response.header("ETag")).isEqualTo(etag);
      assertThat(response.body()).isEmpty();
      assertThat(http.request("HEAD", item).header("If-None-Match", ifNoneMatch).send().status()).isEqualTo(304);
    }
  }

  @Test
  void aGetWhoseIfNoneMatchNamesAnotherVersionIsTheItem() {
    String path = NOTES + "/" + http.postJson(NOTES, new JsonObject().put("v", 1)).json().getString("id");
    String first = http.get(path).header("ETag");
    assertThat(http.putJson(path, new JsonObject().put("v", 2)).status()).isEqualTo(200);
    Http.Response response = http.request("GET", path).header("If-None-Match", first).send();
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("ETag")).isEqualTo("\"2\"");
    assertThat(response.json().getJsonObject("data")).isEqualTo(new JsonObject().put("v", 2));
    // As of the first version, the first version's tag matches again.
    String asOf = http.get(path + "/versions").json().getJsonArray("versions").getJsonObject(1).getString("validFrom");
    assertThat(http.request("GET", path + "?asOf=" + asOf).header("If-None-Match", first).send().status()).isEqualTo(304);
  }

  @Test
  void aDeletedItemIs410WhateverIfNoneMatchSays() {
    String path = NOTES + "/" + http.postJson(NOTES, new JsonObject()).json().getString("id");
    assertThat(http.delete(path).status()).isEqualTo(204);
    assertProblem(http.request("GET", path).header("If-None-Match", "*").send(), 410);
    assertProblem(http.request("GET", path).header("If-None-Match", "\"2\"").send(), 410);
  }

  @Test
  void aMalformedIfNoneMatchIs400() {
    JsonObject problem = assertProblem(http.request("GET", item).header("If-None-Match", "1").send(), 400);
    assertThat(problem.getString("detail")).contains("If-None-Match");
  }

  @Test
  void aPatchOfAnotherTypeIs415NamingThePatchFormatInAcceptPatch() {
    Http.Response response = http.request("PATCH", item).body("application/json", "{}").send();
    assertProblem(response, 415);
    assertThat(response.header("Accept-Patch")).isEqualTo("application/merge-patch+json");
    Http.Response post = http.request("POST", NOTES).body("text/plain", "{}").send();
    assertProblem(post, 415);
    assertThat(post.header("Accept-Patch")).isNull();
  }

  @Test
  void responseHeaderNamesAreLowerCase() {
    String host = "Host: localhost\r\n";
    String created = "POST " + NOTES + " HTTP/1.1\r\n" + host + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
    RawHttp.Response create = RawHttp.exchange(service.port(), created);
    String path = create.header("location");
    RawHttp.Response deleted = RawHttp.exchange(service.port(), "DELETE " + path + " HTTP/1.1\r\n" + host + "Content-Length: 0\r\n\r\n");
    RawHttp.Response gone = RawHttp.exchange(service.port(), "GET " + path + " HTTP/1.1\r\n" + host + "\r\n");
    RawHttp.Response refused = RawHttp.exchange(service.port(), "DELETE /v1/collections HTTP/1.1\r\n" + host + "\r\n");
    RawHttp.Response cors = RawHttp.exchange(service.port(), "GET /v1/collections HTTP/1.1\r\n" + host + "Origin: http://example.org\r\n\r\n");
    for (RawHttp.Response response : new RawHttp.Response[] {create, deleted, gone, refused, cors}) {
      assertThat(response.headers().keySet()).as(response.toString())
          .isNotEmpty()
          .allSatisfy(name -> assertThat(name).isEqualTo(name.toLowerCase(Locale.ROOT)));
    }
    assertThat(deleted.headers()).containsKeys("link", "undo-expires");
    assertThat(create.headers()).containsKeys("etag", "location", "content-type", "x-request-id");
    assertThat(refused.headers()).containsKey("allow");
  }
}
