package dev.undo.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.RawHttp;
import dev.undo.support.RunningService;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests as an attacker or a broken client sends them, over a raw socket: every one gets a 4xx
 * problem+json (505 for a foreign HTTP version, as RFC 9110 has it), never a 5xx and never silence,
 * and the service is healthy after them all. Each kind names what it tries.
 */
class HostileInputTest {
  private static final int BODY_LIMIT = 64 * 1024;

  @RegisterExtension
  static RunningService service = new RunningService(new JsonObject().put("UNDO_BODY_LIMIT", String.valueOf(BODY_LIMIT)));

  private static String item;

  @BeforeAll
  static void data() {
    service.http().putJson("/v1/collections/notes", new JsonObject().put("uniqueFields", List.of("email")));
    item = "/v1/collections/notes/items/" + service.http().postJson("/v1/collections/notes/items", new JsonObject()).json().getString("id");
  }

  static Stream<Arguments> kinds() {
    List<Arguments> kinds = new ArrayList<>();
    // HTTP/1.1 framing and syntax
    kinds.add(kind("Content-Length with Transfer-Encoding", 400, post("Content-Length: 4\r\nTransfer-Encoding: chunked\r\n", "2\r\n{}\r\n0\r\n\r\n")));
    kinds.add(kind("Transfer-Encoding chunked, identity", 400, post("Transfer-Encoding: chunked, identity\r\n", "2\r\n{}\r\n0\r\n\r\n")));
    kinds.add(kind("Transfer-Encoding gzip", 400, post("Transfer-Encoding: gzip\r\n", "")));
    kinds.add(kind("Transfer-Encoding gzip, chunked", 400, post("Transfer-Encoding: gzip, chunked\r\n", "2\r\n{}\r\n0\r\n\r\n")));
    kinds.add(kind("Transfer-Encoding twice", 400, post("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", "2\r\n{}\r\n0\r\n\r\n")));
    kinds.add(kind("a chunk size that is not hex", 400, post("Transfer-Encoding: chunked\r\n", "zz\r\n{}\r\n0\r\n\r\n")));
    kinds.add(kind("two Host headers", 400, raw("GET /v1/collections HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")));
    kinds.add(kind("no Host in HTTP/1.1", 400, raw("GET /v1/collections HTTP/1.1\r\n\r\n")));
    kinds.add(kind("HTTP/2.0 in an HTTP/1 request line", 505, raw("GET /v1/collections HTTP/2.0\r\nHost: a\r\n\r\n")));
    kinds.add(kind("HTTP/9.9", 505, raw("GET /v1/collections HTTP/9.9\r\nHost: a\r\n\r\n")));
    kinds.add(kind("no HTTP version", 400, raw("GET /v1/collections\r\n\r\n")));
    kinds.add(kind("a version that is no version", 400, raw("GET /v1/collections HTTP/x.y\r\nHost: a\r\n\r\n")));
    kinds.add(kind("bytes that are no HTTP", 400, raw("\u0001\u0002\u0003garbage\r\n\r\n")));
    kinds.add(kind("Content-Length not a number", 400, post("Content-Length: abc\r\n", "")));
    kinds.add(kind("Content-Length negative", 400, post("Content-Length: -5\r\n", "")));
    kinds.add(kind("two Content-Lengths that differ", 400, post("Content-Length: 2\r\nContent-Length: 3\r\n", "{}")));
    kinds.add(kind("a space in a header name", 400, raw("GET /v1/collections HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n")));
    kinds.add(kind("a space before the colon", 400, raw("GET /v1/collections HTTP/1.1\r\nHost : x\r\n\r\n")));
    kinds.add(kind("a header line without a colon", 400, raw("GET /v1/collections HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n")));
    kinds.add(kind("one huge header", 431, raw("GET /v1/collections HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n")));
    kinds.add(kind("two thousand headers", 431, raw("GET /v1/collections HTTP/1.1\r\nHost: x\r\n" + "X-H: y\r\n".repeat(2000) + "\r\n")));
    kinds.add(kind("a huge path", 414, raw("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")));
    kinds.add(kind("a huge query", 414, raw("GET /v1/collections?x=" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")));
    kinds.add(kind("a malformed percent-encoding in the query", 400, get("/v1/collections/notes/items?cursor=%%%x")));
    kinds.add(kind("a malformed percent-encoding in the path", 400, get("/v1/collections/no%zztes/items")));
    kinds.add(kind("an encoded NUL in the path", 400, get("/v1/collections/no%00tes/items")));
    kinds.add(kind("an encoded slash in a collection name", 400, get("/v1/collections/a%2Fb/items")));
    kinds.add(kind("a method nobody serves", 405, raw("FOO /v1/collections HTTP/1.1\r\nHost: x\r\n\r\n")));
    kinds.add(kind("TRACE", 405, raw("TRACE /v1/collections HTTP/1.1\r\nHost: x\r\n\r\n")));
    kinds.add(kind("a path nobody serves", 404, get("/v1/nothing/here")));
    kinds.add(kind("a body over the limit, announced", 413, post("Content-Length: " + (BODY_LIMIT + 1) + "\r\n", "{}")));
    String overLimit = "{\"a\":\"" + "x".repeat(BODY_LIMIT) + "\"}";
    kinds.add(kind("a body over the limit, chunked", 413, post("Transfer-Encoding: chunked\r\n",
        Integer.toHexString(overLimit.length()) + "\r\n" + overLimit + "\r\n0\r\n\r\n")));
    // Bodies that are not a JSON object
    kinds.add(kind("an empty body", 400, json("")));
    kinds.add(kind("text that is not JSON", 400, json("hello")));
    kinds.add(kind("a JSON array", 400, json("[1, 2]")));
    kinds.add(kind("a JSON string", 400, json("\"s\"")));
    kinds.add(kind("a JSON number", 400, json("42")));
    kinds.add(kind("JSON null", 400, json("null")));
    kinds.add(kind("a truncated object", 400, json("{\"a\": ")));
    kinds.add(kind("an object and more", 400, json("{} x")));
    kinds.add(kind("two objects", 400, json("{}{}")));
    kinds.add(kind("a comment", 400, json("{/* c */ \"a\": 1}")));
    kinds.add(kind("single quotes", 400, json("{'a': 1}")));
    kinds.add(kind("an unquoted member name", 400, json("{a: 1}")));
    kinds.add(kind("a trailing comma", 400, json("{\"a\": 1,}")));
    kinds.add(kind("NaN", 400, json("{\"a\": NaN}")));
    kinds.add(kind("Infinity", 400, json("{\"a\": Infinity}")));
    kinds.add(kind("a leading zero", 400, json("{\"a\": 012}")));
    kinds.add(kind("a member name twice", 400, json("{\"a\": 1, \"a\": 2}")));
    kinds.add(kind("a number with 2,000 digits", 400, json("{\"a\": " + "9".repeat(2000) + "}")));
    // Values PostgreSQL's jsonb would store otherwise than sent
    kinds.add(kind("1e400 (overflows a double)", 400, json("{\"a\": 1e400}")));
    kinds.add(kind("-1e400", 400, json("{\"a\": -1e400}")));
    kinds.add(kind("1e-400 (underflows to 0)", 400, json("{\"a\": 1e-400}")));
    kinds.add(kind("an escaped NUL in a string", 400, json("{\"a\": \"x\\u0000y\"}")));
    kinds.add(kind("an escaped NUL in a member name", 400, json("{\"a\\u0000\": 1}")));
    kinds.add(kind("a raw control character in a string", 400, json("{\"a\": \"x\u0001y\"}")));
    kinds.add(kind("a lone high surrogate", 400, json("{\"a\": \"\\ud800\"}")));
    kinds.add(kind("a lone low surrogate", 400, json("{\"a\": \"\\udc00x\"}")));
    kinds.add(kind("a surrogate pair the wrong way round", 400, json("{\"a\": \"\\udc00\\ud800\"}")));
    kinds.add(kind("a lone surrogate in a member name", 400, json("{\"\\ud83d\": 1}")));
    // Bytes that are not UTF-8 (RFC 3629)
    kinds.add(kind("overlong '/' (C0 AF)", 400, jsonBytes(bytes("{\"a\": \"", 0xC0, 0xAF, "\"}"))));
    kinds.add(kind("overlong '/' in three bytes (E0 80 AF)", 400, jsonBytes(bytes("{\"a\": \"", 0xE0, 0x80, 0xAF, "\"}"))));
    kinds.add(kind("an encoded surrogate (ED A0 80)", 400, jsonBytes(bytes("{\"a\": \"", 0xED, 0xA0, 0x80, "\"}"))));
    kinds.add(kind("the byte FF", 400, jsonBytes(bytes("{\"a\": \"", 0xFF, "\"}"))));
    kinds.add(kind("a truncated sequence", 400, jsonBytes(bytes("{\"a\": \"", 0xE2, 0x82, "\"}"))));
    kinds.add(kind("a code point above U+10FFFF (F4 90 80 80)", 400, jsonBytes(bytes("{\"a\": \"", 0xF4, 0x90, 0x80, 0x80, "\"}"))));
    kinds.add(kind("a byte order mark", 400, jsonBytes(bytes("", 0xEF, 0xBB, 0xBF, "{}"))));
    kinds.add(kind("UTF-16", 400, jsonBytes("{\"a\": 1}".getBytes(StandardCharsets.UTF_16))));
    // Depth
    kinds.add(kind("objects 65 levels deep", 400, json("{\"a\":".repeat(64) + "{}" + "}".repeat(64))));
    kinds.add(kind("arrays 1,000 levels deep", 400, json("{\"a\":" + "[".repeat(999) + "]".repeat(999) + "}")));
    kinds.add(kind("50,000 open brackets", 400, json("{\"a\":" + "[".repeat(50_000))));
    // Media types
    kinds.add(kind("text/plain", 415, request("POST", "/v1/collections/notes/items", "text/plain", "{}".getBytes(StandardCharsets.UTF_8))));
    kinds.add(kind("no Content-Type", 415, request("POST", "/v1/collections/notes/items", null, "{}".getBytes(StandardCharsets.UTF_8))));
    kinds.add(kind("PATCH with application/json", 415, request("PATCH", item, "application/json", "{}".getBytes(StandardCharsets.UTF_8))));
    // Names, ids and parameters
    kinds.add(kind("a collection name in capitals", 400, get("/v1/collections/Notes/items")));
    kinds.add(kind("a collection name of 64 characters", 400, get("/v1/collections/" + "a".repeat(64))));
    kinds.add(kind("an item id that is no UUID", 400, get("/v1/collections/notes/items/not-an-id")));
    kinds.add(kind("an item id with a trailing character", 400, get(item + "x")));
    kinds.add(kind("limit=0", 400, get("/v1/collections/notes/items?limit=0")));
    kinds.add(kind("limit=1001", 400, get("/v1/collections/notes/items?limit=1001")));
    kinds.add(kind("limit past a long", 400, get("/v1/collections/notes/items?limit=99999999999999999999")));
    kinds.add(kind("a cursor the service never gave out", 400, get("/v1/collections/notes/items?cursor=AAAA")));
    kinds.add(kind("state=bogus", 400, get("/v1/collections/notes/items?state=bogus")));
    kinds.add(kind("asOf that is no date", 400, get(item + "?asOf=yesterday")));
    kinds.add(kind("showDeleted=maybe", 400, get(item + "?showDeleted=maybe")));
    kinds.add(kind("an If-Match that is no list of tags", 400, request("PUT", item, "application/json", "{}".getBytes(StandardCharsets.UTF_8), "If-Match: 3\r\n")));
    kinds.add(kind("an undo token of garbage", 404, request("POST", "/v1/undo/garbage", null, new byte[0])));
    kinds.add(kind("an undo token of 4,000 characters", 404, request("POST", "/v1/undo/" + "A".repeat(4000), null, new byte[0])));
    // Collection settings
    kinds.add(kind("an unknown collection setting", 400, collection("{\"color\": \"red\"}")));
    kinds.add(kind("an undo window of a year", 400, collection("{\"undoWindow\": \"P1Y\"}")));
    kinds.add(kind("an undo window of zero", 400, collection("{\"undoWindow\": \"PT0S\"}")));
    kinds.add(kind("uniqueFields that is no list", 400, collection("{\"uniqueFields\": \"email\"}")));
    return kinds.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void isRefusedWithAProblem(String kind, int status, byte[] request) {
    RawHttp.Response response = RawHttp.exchange(service.port(), request, 200);
    assertThat(response.status()).as(kind + ": " + response).isEqualTo(status);
    assertThat(response.isProblem()).as(kind + " answers problem+json: " + response).isTrue();
  }

  @AfterAll
  static void theServiceIsHealthyAfterThemAll() {
    assertThat(service.http().postJson("/v1/collections/notes/items", new JsonObject().put("after", true)).status()).isEqualTo(201);
    assertThat(service.http().get(item).status()).isEqualTo(200);
    assertThat(service.management().get("/health/ready").status()).isEqualTo(200);
    assertThat(service.sqlValue("SELECT count(*) FROM items WHERE collection = 'notes'")).isEqualTo(2L);
  }

  private static Arguments kind(String name, int status, byte[] request) {
    return Arguments.of(name, status, request);
  }

  private static byte[] raw(String request) {
    return request.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] get(String path) {
    return raw("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
  }

  /** A POST of JSON to the items with these framing headers (each ending in CRLF) and this body, as given. */
  private static byte[] post(String headers, String body) {
    return raw("POST /v1/collections/notes/items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + headers + "\r\n" + body);
  }

  private static byte[] json(String body) {
    return jsonBytes(body.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] jsonBytes(byte[] body) {
    return request("POST", "/v1/collections/notes/items", "application/json", body);
  }

  private static byte[] collection(String body) {
    return request("PUT", "/v1/collections/hostile", "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] request(String method, String path, String contentType, byte[] body, String... headers) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(raw(method + " " + path + " HTTP/1.1\r\nHost: x\r\n" + String.join("", headers)
        + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
        + "Content-Length: " + body.length + "\r\n\r\n"));
    out.writeBytes(body);
    return out.toByteArray();
  }

  /** Text and bytes in a row: strings as UTF-8, integers as single bytes. */
  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
      } else {
        out.write((Integer) part);
      }
    }
    return out.toByteArray();
  }
}
